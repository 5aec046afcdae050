-- id: daemon-log-level
-- title: Daemon log level not info
-- severity: low
-- section: daemon
-- cis: 2.3
-- rationale: debug logs request details and floods the logs; warn, error or fatal drop the events an audit needs. CIS asks for info.
-- remediation: Set "log-level": "info" in daemon.json (and remove -D / --debug).
-- Reads daemon_config (schema/0002_host.sql); the collector records the engine default (info) when neither a flag nor the file sets it. Podman (default warn, no CIS level) is skipped.
SELECT
  e.engine_id AS resource,
  CASE WHEN e.kind = 'podman' THEN 'skip'
    WHEN NOT EXISTS (SELECT 1 FROM daemon_config a WHERE a.engine_id = e.engine_id) THEN 'skip'
    WHEN lower(coalesce(c.value, 'info')) IN ('', 'info') THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN e.kind = 'podman' THEN 'podman service log level is not covered by the Docker benchmark'
    WHEN NOT EXISTS (SELECT 1 FROM daemon_config a WHERE a.engine_id = e.engine_id) THEN
      CASE WHEN e.engine_id NOT LIKE 'unix://%' THEN 'remote engine: its configuration is only visible to posture running on its own host'
        ELSE 'no daemon configuration recorded for this engine' END
    WHEN lower(coalesce(c.value, 'info')) IN ('', 'info') THEN 'log level info'
    ELSE 'log level ' || c.value || ' (' || CASE c.source WHEN 'flag' THEN 'command line' ELSE coalesce(c.file_path, c.source) END || '), not info' END AS reason,
  e.engine_id
FROM engines e
LEFT JOIN daemon_config c ON c.engine_id = e.engine_id AND c.key = 'log-level'
ORDER BY resource;
