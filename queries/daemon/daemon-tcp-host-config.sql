-- id: daemon-tcp-host-config
-- title: Daemon configured to listen on TCP without tlsverify
-- severity: critical
-- section: daemon
-- cis: 2.7
-- rationale: A tcp:// entry in hosts (daemon.json or -H) without tlsverify exposes the root-equivalent API to the network - even a loopback address opens it to every local user, bypassing the socket's permissions. This reads the configuration, where daemon-api-tcp reads the engine's own warnings, so a listener is caught even when the engine is unreachable from here.
-- remediation: Remove the tcp:// host (use ssh:// contexts) or set "tlsverify": true with tlscacert, tlscert and tlskey.
-- Reads daemon_config (schema/0002_host.sql): Docker keys hosts, tls and tlsverify (daemon.json names, lists comma separated); Podman the service's listen URI, known only while its process is recorded (daemons).
-- Row severity: critical without TLS, high with TLS but no client verification; for Podman (no TLS options) critical.
WITH cfg AS (
  SELECT engine_id,
    max(CASE WHEN key = 'hosts' THEN value END) AS hosts,
    max(CASE WHEN key = 'listen' THEN value END) AS listen,
    max(CASE WHEN key = 'tls' THEN lower(value) END) AS tls,
    max(CASE WHEN key = 'tlsverify' THEN lower(value) END) AS tlsverify
  FROM daemon_config
  GROUP BY engine_id
),
judged AS (
  SELECT e.engine_id, e.kind, c.engine_id AS has_config,
    EXISTS (SELECT 1 FROM daemons d WHERE d.engine_id = e.engine_id) AS has_daemon,
    CASE WHEN e.kind = 'podman' THEN coalesce(c.listen, '') ELSE coalesce(c.hosts, '') END AS hosts,
    CASE WHEN e.kind = 'podman' THEN coalesce(c.listen, '') LIKE '%tcp://%'
      ELSE coalesce(c.hosts, '') LIKE '%tcp://%' END AS tcp,
    coalesce(c.tlsverify, 'false') = 'true' AS verify,
    coalesce(c.tls, 'false') = 'true' AS tls
  FROM engines e
  LEFT JOIN cfg c ON c.engine_id = e.engine_id
)
SELECT
  engine_id AS resource,
  CASE WHEN has_config IS NULL THEN 'skip'
    WHEN kind = 'podman' AND NOT has_daemon THEN 'skip'
    WHEN tcp AND (kind = 'podman' OR NOT verify) THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN has_config IS NULL THEN
      CASE WHEN engine_id NOT LIKE 'unix://%' THEN 'remote engine: its configuration is only visible to posture running on its own host'
        ELSE 'no daemon configuration recorded for this engine' END
    WHEN kind = 'podman' AND NOT has_daemon THEN 'no podman service process recorded: the address it listens on is unknown'
    WHEN tcp AND kind = 'podman' THEN 'the podman service listens on ' || hosts || ': its API is reachable over TCP'
    WHEN tcp AND NOT verify AND tls THEN 'configured hosts ' || hosts || ' include TCP with TLS but without tlsverify: any client reaches the API'
    WHEN tcp AND NOT verify THEN 'configured hosts ' || hosts || ' include TCP without TLS: the API is open in plain HTTP'
    WHEN tcp THEN 'TCP host configured with tlsverify: ' || hosts
    WHEN hosts <> '' THEN 'only local hosts configured: ' || hosts
    ELSE 'no TCP host configured' END AS reason,
  CASE WHEN tcp AND kind <> 'podman' AND NOT verify AND tls THEN 'high' END AS severity,
  engine_id
FROM judged
ORDER BY resource;
