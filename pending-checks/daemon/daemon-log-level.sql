-- id: daemon-log-level
-- title: Daemon log level not info
-- severity: low
-- section: daemon
-- cis: 2.3
-- rationale: debug logs request details and floods the logs; warn, error or fatal drop the events an audit needs. CIS asks for info.
-- remediation: Set "log-level": "info" in daemon.json (and remove -D / --debug).
-- Needs: daemon_config (schema/0002_host.sql); a key without a row has the engine default.
SELECT
  e.engine_id AS resource,
  CASE WHEN lower(coalesce(c.value, 'info')) IN ('', 'info') THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN lower(coalesce(c.value, 'info')) IN ('', 'info') THEN 'log level info'
    ELSE 'log level ' || c.value || ' (' || c.source || '), not info' END AS reason
FROM engines e
LEFT JOIN daemon_config c ON c.engine_id = e.engine_id AND c.key = 'log-level'
ORDER BY resource;
