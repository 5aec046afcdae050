-- id: daemon-config-drift
-- title: Daemon configuration differs from what the daemon enforces
-- severity: medium
-- section: daemon
-- cis:
-- rationale: daemon.json only takes effect at start (or reload); a file changed after the daemon started, or a setting the running daemon does not show (live-restore, no-new-privileges, userns-remap, log driver, icc, debug, insecure registries, authorization plugins), means the file is not the posture. Judge the running daemon, never the file alone.
-- remediation: Restart or reload the daemon (systemctl reload docker for reloadable keys, restart otherwise) and collect again; then make sure the file and the running state agree.
-- Reads daemons and daemon_config (schema/0002_host.sql) against engines and the default bridge. Settings are compared for reachable Docker engines only (Podman has no daemon.json; an unreachable engine's reported state is from an earlier snapshot); whether the file changed after the start counts for every engine.
WITH cfg AS (
  SELECT c.engine_id, c.key, lower(trim(coalesce(c.value, ''))) AS value,
    CASE c.source WHEN 'file' THEN 'in ' || coalesce(c.file_path, 'the configuration file')
      WHEN 'flag' THEN 'on the command line' ELSE 'by default' END AS origin
  FROM daemon_config c
  JOIN engines e ON e.engine_id = c.engine_id AND e.kind = 'docker' AND e.reachable = 1
),
configured AS (
  SELECT e.engine_id,
    EXISTS (SELECT 1 FROM daemon_config c WHERE c.engine_id = e.engine_id) AS has_config,
    (SELECT value FROM cfg WHERE cfg.engine_id = e.engine_id AND key = 'insecure-registries') AS insecure,
    (SELECT value FROM cfg WHERE cfg.engine_id = e.engine_id AND key = 'authorization-plugins') AS authz,
    trim(replace(replace(',' || coalesce(e.insecure_registries, '') || ',', ',127.0.0.0/8,', ','), ',::1/128,', ','), ',') AS engine_insecure
  FROM engines e
  WHERE e.kind = 'docker' AND e.reachable = 1
),
mismatches AS (
  SELECT f.engine_id, 'live-restore is ' || f.value || ' ' || f.origin || ', but the daemon reports it ' ||
      CASE WHEN e.live_restore = 1 THEN 'on' ELSE 'off' END AS what
  FROM cfg f JOIN engines e ON e.engine_id = f.engine_id
  WHERE f.key = 'live-restore' AND e.live_restore IS NOT NULL AND (f.value = 'true') <> (e.live_restore = 1)
  UNION ALL
  SELECT f.engine_id, 'no-new-privileges is ' || f.value || ' ' || f.origin || ', but the daemon reports it ' ||
      CASE WHEN e.no_new_privileges = 1 THEN 'on' ELSE 'off' END
  FROM cfg f JOIN engines e ON e.engine_id = f.engine_id
  WHERE f.key = 'no-new-privileges' AND e.no_new_privileges IS NOT NULL AND (f.value = 'true') <> (e.no_new_privileges = 1)
  UNION ALL
  SELECT f.engine_id, 'userns-remap is ''' || f.value || ''' ' || f.origin || ', but the daemon reports user namespaces ' ||
      CASE WHEN e.userns_remap = 1 THEN 'on' ELSE 'off' END
  FROM cfg f JOIN engines e ON e.engine_id = f.engine_id
  WHERE f.key = 'userns-remap' AND e.userns_remap IS NOT NULL AND (f.value <> '') <> (e.userns_remap = 1)
  UNION ALL
  SELECT f.engine_id, 'log-driver is ' || f.value || ' ' || f.origin || ', but the daemon uses ' || e.logging_driver
  FROM cfg f JOIN engines e ON e.engine_id = f.engine_id
  WHERE f.key = 'log-driver' AND coalesce(e.logging_driver, '') <> '' AND f.value <> lower(e.logging_driver)
  UNION ALL
  SELECT f.engine_id, 'debug is ' || f.value || ' ' || f.origin || ', but the daemon reports debug ' ||
      CASE WHEN e.debug = 1 THEN 'on' ELSE 'off' END
  FROM cfg f JOIN engines e ON e.engine_id = f.engine_id
  WHERE f.key = 'debug' AND e.debug IS NOT NULL AND (f.value = 'true') <> (e.debug = 1)
  UNION ALL
  SELECT f.engine_id, 'icc is ' || f.value || ' ' || f.origin || ', but the default bridge has inter-container traffic ' ||
      CASE WHEN n.icc = 0 THEN 'off' ELSE 'on' END
  FROM cfg f JOIN networks n ON n.engine_id = f.engine_id AND n.name = 'bridge'
  WHERE f.key = 'icc' AND n.icc IS NOT NULL AND (f.value = 'false') <> (n.icc = 0)
  UNION ALL
  SELECT engine_id, CASE WHEN coalesce(insecure, '') <> ''
      THEN 'insecure-registries ' || insecure || ' are configured, but the daemon reports none beyond loopback'
      ELSE 'the daemon reports insecure registries ' || engine_insecure || ' that the configuration does not set' END
  FROM configured
  WHERE has_config AND (coalesce(insecure, '') <> '') <> (engine_insecure <> '')
  UNION ALL
  SELECT c.engine_id, CASE WHEN coalesce(c.authz, '') <> ''
      THEN 'authorization-plugins ' || c.authz || ' are configured, but the daemon loads none'
      ELSE 'the daemon loads authorization plugins ' || e.authorization_plugins || ' that the configuration does not set' END
  FROM configured c JOIN engines e ON e.engine_id = c.engine_id
  WHERE c.has_config AND (coalesce(c.authz, '') <> '') <> (coalesce(e.authorization_plugins, '') <> '')
),
per_engine AS (
  SELECT engine_id, group_concat(what, '; ') AS what
  FROM (SELECT * FROM mismatches ORDER BY what)
  GROUP BY engine_id
)
SELECT
  e.engine_id AS resource,
  CASE WHEN d.engine_id IS NULL AND NOT EXISTS (SELECT 1 FROM daemon_config c WHERE c.engine_id = e.engine_id) THEN 'skip'
    WHEN d.config_changed_after_start = 1 OR m.what IS NOT NULL THEN 'alarm'
    WHEN d.engine_id IS NULL AND e.kind <> 'docker' THEN 'skip'
    ELSE 'ok' END AS status,
  CASE WHEN d.engine_id IS NULL AND NOT EXISTS (SELECT 1 FROM daemon_config c WHERE c.engine_id = e.engine_id)
      THEN CASE WHEN e.engine_id NOT LIKE 'unix://%' THEN 'remote engine: its daemon and configuration are only visible to posture running on its own host'
        ELSE 'no daemon process or configuration recorded for this engine' END
    WHEN d.config_changed_after_start = 1 OR m.what IS NOT NULL THEN
      CASE WHEN d.config_changed_after_start = 1
        THEN coalesce(d.config_path, 'the configuration file') || ' changed after the daemon started, so its settings may not be in force'
          || CASE WHEN m.what IS NOT NULL THEN '; ' ELSE '' END
        ELSE '' END || coalesce(m.what, '')
    WHEN d.engine_id IS NULL AND e.kind <> 'docker' THEN 'no daemon process recorded: neither its start time nor its running settings are known'
    ELSE 'the running daemon shows its configured settings'
      || CASE WHEN d.config_changed_after_start = 0 THEN ' and ' || coalesce(d.config_path, 'its configuration file') || ' is unchanged since it started'
        WHEN d.config_exists = 0 THEN ' (no configuration file at ' || coalesce(d.config_path, '?') || ')'
        ELSE '' END END AS reason,
  e.engine_id, d.config_path
FROM engines e
LEFT JOIN daemons d ON d.engine_id = e.engine_id
LEFT JOIN per_engine m ON m.engine_id = e.engine_id
ORDER BY resource;
