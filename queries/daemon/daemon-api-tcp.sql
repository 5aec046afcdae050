-- id: daemon-api-tcp
-- title: Engine API on TCP without mutual TLS
-- severity: critical
-- section: daemon
-- cis: 2.7
-- rationale: The engine API is root on the host. Listening on TCP without TLS lets anyone who reaches the port run privileged containers; TLS without client verification encrypts but still authenticates nobody. dockerd states both in its /info warnings.
-- remediation: Remove tcp:// hosts (use SSH contexts instead) or set "tlsverify": true with tlscacert, tlscert and tlskey.
-- Row severity: critical for plain HTTP, high for TLS without client verification.
SELECT
  e.engine_id AS resource,
  CASE WHEN coalesce(e.warnings, '') LIKE '%API is accessible on http://%' THEN 'alarm'
    WHEN coalesce(e.warnings, '') LIKE '%without TLS client verification%' THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN coalesce(e.warnings, '') LIKE '%API is accessible on http://%' THEN 'the engine API listens on TCP without TLS: unauthenticated root access for anyone who reaches the port'
    WHEN coalesce(e.warnings, '') LIKE '%without TLS client verification%' THEN 'the engine API listens on TCP with TLS but without client certificate verification'
    ELSE 'no unauthenticated TCP listener reported by the engine' END AS reason,
  CASE WHEN coalesce(e.warnings, '') LIKE '%API is accessible on http://%' THEN 'critical'
    WHEN coalesce(e.warnings, '') LIKE '%without TLS client verification%' THEN 'high' END AS severity
FROM engines e
ORDER BY resource;
