-- id: daemon-userland-proxy
-- title: Userland proxy enabled
-- severity: low
-- section: daemon
-- cis: 2.16
-- rationale: The userland proxy (docker-proxy) forwards published ports in a process per port instead of kernel NAT; it adds attack surface and hides client addresses. With hairpin NAT available it is not needed.
-- remediation: Set "userland-proxy": false in daemon.json and restart the daemon.
-- Needs: daemon_config (schema/0002_host.sql); a key without a row has the engine default.
SELECT
  e.engine_id AS resource,
  CASE WHEN e.kind = 'podman' THEN 'skip'
    WHEN lower(coalesce(c.value, 'true')) = 'false' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN e.kind = 'podman' THEN 'podman has no docker-proxy'
    WHEN lower(coalesce(c.value, 'true')) = 'false' THEN 'userland proxy disabled'
    ELSE 'userland proxy enabled (' || coalesce(c.source, 'default') || '): a docker-proxy process per published port' END AS reason
FROM engines e
LEFT JOIN daemon_config c ON c.engine_id = e.engine_id AND c.key = 'userland-proxy'
ORDER BY resource;
