-- id: daemon-iptables-off
-- title: Docker not allowed to manage iptables
-- severity: medium
-- section: daemon
-- cis: 2.4
-- rationale: With iptables=false the daemon does not write the NAT and filter rules that isolate bridges and publish ports; published ports and inter-network isolation then depend on hand-written rules, which usually means none.
-- remediation: Remove --iptables=false / "iptables": false and let the daemon manage its chains; filter in DOCKER-USER.
-- Reads daemon_config (schema/0002_host.sql); the collector records the engine default (true) when neither a flag nor the file sets it.
SELECT
  e.engine_id AS resource,
  CASE WHEN e.kind = 'podman' THEN 'skip'
    WHEN NOT EXISTS (SELECT 1 FROM daemon_config a WHERE a.engine_id = e.engine_id) THEN 'skip'
    WHEN lower(coalesce(c.value, 'true')) = 'false' THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN e.kind = 'podman' THEN 'podman manages its networks through netavark or CNI'
    WHEN NOT EXISTS (SELECT 1 FROM daemon_config a WHERE a.engine_id = e.engine_id) THEN
      CASE WHEN e.engine_id NOT LIKE 'unix://%' THEN 'remote engine: its configuration is only visible to posture running on its own host'
        ELSE 'no daemon configuration recorded for this engine' END
    WHEN lower(coalesce(c.value, 'true')) = 'false'
      THEN 'iptables=false (' || CASE c.source WHEN 'flag' THEN 'command line' ELSE coalesce(c.file_path, c.source) END || '): the daemon writes no isolation or NAT rules'
    ELSE 'the daemon manages iptables (iptables=' || coalesce(c.value, 'true') || ', ' || coalesce(c.source, 'default') || ')' END AS reason,
  e.engine_id
FROM engines e
LEFT JOIN daemon_config c ON c.engine_id = e.engine_id AND c.key = 'iptables'
ORDER BY resource;
