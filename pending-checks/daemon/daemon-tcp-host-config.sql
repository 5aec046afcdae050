-- id: daemon-tcp-host-config
-- title: Daemon configured to listen on TCP without tlsverify
-- severity: critical
-- section: daemon
-- cis: 2.7
-- rationale: A tcp:// entry in hosts (daemon.json or -H) without tlsverify exposes the root-equivalent API to the network; this reads the configuration, where daemon-api-tcp reads the engine's own warnings, so a listener is caught even when the engine is unreachable from here.
-- remediation: Remove the tcp:// host (use ssh:// contexts) or set "tlsverify": true with tlscacert, tlscert and tlskey.
-- Needs: daemon_config (schema/0002_host.sql). Keys as in daemon.json: hosts, tlsverify.
WITH cfg AS (
  SELECT engine_id,
    group_concat(CASE WHEN key IN ('hosts', 'host') THEN value END, ',') AS hosts,
    max(CASE WHEN key = 'tlsverify' THEN lower(value) END) AS tlsverify
  FROM (SELECT * FROM daemon_config ORDER BY key, value)
  GROUP BY engine_id
)
SELECT
  e.engine_id AS resource,
  CASE WHEN c.engine_id IS NULL THEN 'skip'
    WHEN coalesce(c.hosts, '') LIKE '%tcp://%' AND coalesce(c.tlsverify, 'false') NOT IN ('true', '1') THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN c.engine_id IS NULL THEN 'no daemon configuration recorded for this engine'
    WHEN coalesce(c.hosts, '') LIKE '%tcp://%' AND coalesce(c.tlsverify, 'false') NOT IN ('true', '1')
      THEN 'configured hosts ' || c.hosts || ' include TCP without tlsverify'
    WHEN coalesce(c.hosts, '') LIKE '%tcp://%' THEN 'TCP host configured with tlsverify: ' || c.hosts
    ELSE 'no TCP host configured' END AS reason
FROM engines e
LEFT JOIN cfg c ON c.engine_id = e.engine_id
ORDER BY resource;
