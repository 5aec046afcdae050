-- id: daemon-logging-local
-- title: Container logs kept on the host only
-- severity: low
-- section: daemon
-- cis: 2.13
-- rationale: With json-file, local, k8s-file or none, container logs live (if at all) on the same host an intruder controls; they can be erased and are lost with the host. A remote driver or journald with forwarding keeps an independent copy.
-- remediation: Use a remote logging driver (syslog, fluentd, gelf, awslogs...) or ship the local logs with a collector; set "log-driver" in daemon.json.
SELECT
  e.engine_id AS resource,
  CASE WHEN e.logging_driver IS NULL THEN 'skip'
    WHEN e.logging_driver IN ('json-file', 'local', 'none', 'k8s-file') THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN e.logging_driver IS NULL THEN 'logging driver not reported'
    WHEN e.logging_driver = 'none' THEN 'default logging driver none: container output is discarded'
    WHEN e.logging_driver IN ('json-file', 'local', 'k8s-file') THEN 'default logging driver ' || e.logging_driver || ' keeps logs on this host only'
    ELSE 'default logging driver ' || e.logging_driver END AS reason
FROM engines e
ORDER BY resource;
