-- id: daemon-config-drift
-- title: Daemon configuration differs from what the daemon enforces
-- severity: medium
-- section: daemon
-- cis:
-- rationale: daemon.json only takes effect at start (or reload); a file changed after the daemon started, or a setting the running daemon does not show (live-restore, no-new-privileges, userns-remap, log driver, icc), means the file is not the posture. Judge the running daemon, never the file alone.
-- remediation: Restart or reload the daemon (systemctl reload docker for reloadable keys, restart otherwise) and collect again; then make sure the file and the running state agree.
-- Needs: daemons, daemon_config (schema/0002_host.sql).
WITH file AS (
  SELECT engine_id, key, lower(trim(value)) AS value FROM daemon_config WHERE source IN ('file', 'flag')
),
mismatches AS (
  SELECT f.engine_id, 'live-restore is ' || f.value || ' in the configuration but ' ||
      CASE WHEN e.live_restore = 1 THEN 'on' ELSE 'off' END || ' in the daemon' AS what
  FROM file f JOIN engines e ON e.engine_id = f.engine_id
  WHERE f.key = 'live-restore' AND (f.value = 'true') <> (coalesce(e.live_restore, 0) = 1)
  UNION ALL
  SELECT f.engine_id, 'no-new-privileges is ' || f.value || ' in the configuration but ' ||
      CASE WHEN e.no_new_privileges = 1 THEN 'on' ELSE 'off' END || ' in the daemon'
  FROM file f JOIN engines e ON e.engine_id = f.engine_id
  WHERE f.key = 'no-new-privileges' AND (f.value = 'true') <> (coalesce(e.no_new_privileges, 0) = 1)
  UNION ALL
  SELECT f.engine_id, 'userns-remap is ''' || f.value || ''' in the configuration but ' ||
      CASE WHEN e.userns_remap = 1 THEN 'on' ELSE 'off' END || ' in the daemon'
  FROM file f JOIN engines e ON e.engine_id = f.engine_id
  WHERE f.key = 'userns-remap' AND (f.value <> '') <> (coalesce(e.userns_remap, 0) = 1)
  UNION ALL
  SELECT f.engine_id, 'log-driver is ' || f.value || ' in the configuration but ' || coalesce(e.logging_driver, '?') || ' in the daemon'
  FROM file f JOIN engines e ON e.engine_id = f.engine_id
  WHERE f.key = 'log-driver' AND f.value <> lower(coalesce(e.logging_driver, ''))
  UNION ALL
  SELECT f.engine_id, 'icc is ' || f.value || ' in the configuration but the default bridge has it ' ||
      CASE WHEN n.icc = 0 THEN 'off' ELSE 'on' END
  FROM file f JOIN networks n ON n.engine_id = f.engine_id AND n.name = 'bridge'
  WHERE f.key = 'icc' AND (f.value = 'false') <> (n.icc = 0)
),
per_engine AS (
  SELECT engine_id, group_concat(what, '; ') AS what
  FROM (SELECT * FROM mismatches ORDER BY what)
  GROUP BY engine_id
)
SELECT
  e.engine_id AS resource,
  CASE WHEN d.engine_id IS NULL AND m.what IS NULL THEN 'skip'
    WHEN coalesce(d.config_changed_after_start, 0) = 1 OR m.what IS NOT NULL THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN d.engine_id IS NULL AND m.what IS NULL THEN 'no daemon process or configuration recorded for this engine'
    WHEN coalesce(d.config_changed_after_start, 0) = 1 OR m.what IS NOT NULL THEN
      trim(CASE WHEN coalesce(d.config_changed_after_start, 0) = 1
          THEN coalesce(d.config_path, 'the configuration file') || ' changed after the daemon started at ' || coalesce(d.started_at, '?') || '; '
          ELSE '' END || coalesce(m.what, ''), '; ')
    ELSE 'the running daemon matches its configuration' END AS reason
FROM engines e
LEFT JOIN daemons d ON d.engine_id = e.engine_id
LEFT JOIN per_engine m ON m.engine_id = e.engine_id
ORDER BY resource;
