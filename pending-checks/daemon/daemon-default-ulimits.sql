-- id: daemon-default-ulimits
-- title: No daemon-wide default ulimits
-- severity: info
-- section: daemon
-- cis: 2.8
-- rationale: Without default-ulimits every container inherits the daemon's own (often very high) limits for open files and processes; a default makes resource exhaustion per container bounded unless a container asks for more.
-- remediation: Set "default-ulimits" in daemon.json (for example nofile 65536:65536) and override per container where needed.
-- Needs: daemon_config (schema/0002_host.sql); a key without a row has the engine default.
SELECT
  e.engine_id AS resource,
  CASE WHEN coalesce(c.value, '') NOT IN ('', '{}', 'null') THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN coalesce(c.value, '') NOT IN ('', '{}', 'null') THEN 'default ulimits configured: ' || c.value
    ELSE 'no default-ulimits: containers inherit the daemon''s limits' END AS reason
FROM engines e
LEFT JOIN daemon_config c ON c.engine_id = e.engine_id AND c.key = 'default-ulimits'
ORDER BY resource;
