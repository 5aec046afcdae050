-- id: daemon-iptables-off
-- title: Docker not allowed to manage iptables
-- severity: medium
-- section: daemon
-- cis: 2.4
-- rationale: With iptables=false the daemon does not write the NAT and filter rules that isolate bridges and publish ports; published ports and inter-network isolation then depend on hand-written rules, which usually means none.
-- remediation: Remove --iptables=false / "iptables": false and let the daemon manage its chains; filter in DOCKER-USER.
-- Needs: daemon_config (schema/0002_host.sql); a key without a row has the engine default.
SELECT
  e.engine_id AS resource,
  CASE WHEN e.kind = 'podman' THEN 'skip'
    WHEN lower(coalesce(c.value, 'true')) = 'false' THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN e.kind = 'podman' THEN 'podman manages its networks through netavark or CNI'
    WHEN lower(coalesce(c.value, 'true')) = 'false' THEN 'iptables=false (' || c.source || '): the daemon writes no isolation or NAT rules'
    ELSE 'the daemon manages iptables' END AS reason
FROM engines e
LEFT JOIN daemon_config c ON c.engine_id = e.engine_id AND c.key = 'iptables'
ORDER BY resource;
