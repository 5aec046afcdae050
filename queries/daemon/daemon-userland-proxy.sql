-- id: daemon-userland-proxy
-- title: Userland proxy enabled
-- severity: low
-- section: daemon
-- cis: 2.16
-- rationale: The userland proxy (docker-proxy) forwards published ports in a process per port instead of kernel NAT; it adds attack surface and hides client addresses. With hairpin NAT available it is not needed.
-- remediation: Set "userland-proxy": false in daemon.json and restart the daemon.
-- Reads daemon_config (schema/0002_host.sql); the collector records the engine default (true) when neither a flag nor the file sets it.
SELECT
  e.engine_id AS resource,
  CASE WHEN e.kind = 'podman' THEN 'skip'
    WHEN NOT EXISTS (SELECT 1 FROM daemon_config a WHERE a.engine_id = e.engine_id) THEN 'skip'
    WHEN lower(coalesce(c.value, 'true')) = 'false' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN e.kind = 'podman' THEN 'podman has no docker-proxy'
    WHEN NOT EXISTS (SELECT 1 FROM daemon_config a WHERE a.engine_id = e.engine_id) THEN
      CASE WHEN e.engine_id NOT LIKE 'unix://%' THEN 'remote engine: its configuration is only visible to posture running on its own host'
        ELSE 'no daemon configuration recorded for this engine' END
    WHEN lower(coalesce(c.value, 'true')) = 'false' THEN 'userland proxy disabled (' || CASE c.source WHEN 'flag' THEN 'command line' ELSE coalesce(c.file_path, c.source) END || ')'
    ELSE 'userland proxy enabled (' || CASE coalesce(c.source, 'default') WHEN 'flag' THEN 'command line' WHEN 'default' THEN 'engine default' ELSE coalesce(c.file_path, c.source) END
      || '): a docker-proxy process per published port' END AS reason,
  e.engine_id
FROM engines e
LEFT JOIN daemon_config c ON c.engine_id = e.engine_id AND c.key = 'userland-proxy'
ORDER BY resource;
