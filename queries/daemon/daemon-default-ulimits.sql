-- id: daemon-default-ulimits
-- title: No daemon-wide default ulimits
-- severity: info
-- section: daemon
-- cis: 2.8
-- rationale: Without default ulimits every container inherits the daemon's own (often very high) limits for open files and processes; a default makes resource exhaustion per container bounded unless a container asks for more.
-- remediation: Set "default-ulimits" in daemon.json (for example nofile 65536:65536), or default_ulimits in containers.conf for Podman, and override per container where needed.
-- Reads daemon_config (schema/0002_host.sql): daemon.json default-ulimits is an object, so the file gives one key per field (default-ulimits.nofile.Hard); --default-ulimit gives default-ulimits = nofile=soft:hard; Podman containers.default_ulimits.
WITH ulimits AS (
  SELECT engine_id,
    group_concat(DISTINCT CASE WHEN key LIKE 'default-ulimits.%' THEN substr(key, 17, instr(substr(key, 17) || '.', '.') - 1)
      ELSE value END) AS names
  FROM (SELECT * FROM daemon_config ORDER BY key)
  WHERE (key IN ('default-ulimits', 'containers.default_ulimits') AND coalesce(value, '') NOT IN ('', '{}', 'null'))
     OR key LIKE 'default-ulimits.%'
  GROUP BY engine_id
)
SELECT
  e.engine_id AS resource,
  CASE WHEN NOT EXISTS (SELECT 1 FROM daemon_config a WHERE a.engine_id = e.engine_id) THEN 'skip'
    WHEN u.engine_id IS NOT NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN NOT EXISTS (SELECT 1 FROM daemon_config a WHERE a.engine_id = e.engine_id) THEN
      CASE WHEN e.engine_id NOT LIKE 'unix://%' THEN 'remote engine: its configuration is only visible to posture running on its own host'
        ELSE 'no daemon configuration recorded for this engine' END
    WHEN u.engine_id IS NOT NULL THEN 'default ulimits configured: ' || u.names
    ELSE 'no default ulimits: containers inherit the daemon''s own limits' END AS reason,
  e.engine_id
FROM engines e
LEFT JOIN ulimits u ON u.engine_id = e.engine_id
ORDER BY resource;
