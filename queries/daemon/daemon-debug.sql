-- id: daemon-debug
-- title: Daemon in debug mode
-- severity: low
-- section: daemon
-- cis: 2.3
-- rationale: Debug logging records request details, may include sensitive data and floods the logs; CIS asks for log level info in production.
-- remediation: Remove "debug": true (and -D) and set "log-level": "info" in daemon.json.
SELECT
  e.engine_id AS resource,
  CASE WHEN e.debug = 1 THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN e.debug = 1 THEN 'daemon runs in debug mode' ELSE 'debug mode off' END AS reason
FROM engines e
ORDER BY resource;
