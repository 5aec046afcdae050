-- id: ctr-sensitive-host-mount
-- title: Sensitive host path mounted
-- severity: high
-- section: container
-- per: container
-- cis: 5.6
-- rationale: A bind of /, /etc, /boot, /usr, /lib, /proc, /sys, /dev, /root, the engine's data root or /run lets the container read host secrets or, read-write, change the host (cron, sudoers, binaries). Subpaths count (/etc/shadow), and so do binds hidden behind a named volume (local driver, o=bind, device=...).
-- remediation: Mount only application directories, read-only where possible (:ro), or use named volumes; never bind system directories.
-- Row severity: critical for a read-write bind of /, /etc, /boot, /usr, /lib, /proc, /sys or /var/lib/docker; high for any other read-write one; medium when every sensitive bind is read-only.
-- MATERIALIZED: mounts reads the bind and volume mounts (and their volumes) once; flattened into hits, they were read again for each of the 17 sensitive directories (26 ms at 5,000 containers, 16 ms materialized).
WITH sensitive(dir, critical_rw) AS (
  VALUES ('/', 1), ('/etc', 1), ('/boot', 1), ('/usr', 1), ('/lib', 1), ('/proc', 1), ('/sys', 1),
         ('/var/lib/docker', 1), ('/bin', 0), ('/sbin', 0), ('/lib64', 0), ('/dev', 0), ('/root', 0),
         ('/var/lib/containerd', 0), ('/var/lib/containers', 0), ('/run', 0), ('/var/run', 0)
),
mounts AS MATERIALIZED (
  SELECT m.engine_id, m.container_id, m.destination, m.rw,
    CASE WHEN m.type = 'volume' THEN v.bind_device ELSE m.source END AS host_path,
    CASE WHEN m.type = 'volume' THEN ' (bind hidden in volume ' || m.volume_name || ')' ELSE '' END AS via
  FROM container_mounts m
  LEFT JOIN volumes v ON v.engine_id = m.engine_id AND v.name = m.volume_name
  WHERE m.type IN ('bind', 'volume')
),
hits AS (
  SELECT mo.engine_id, mo.container_id, mo.rw, max(s.critical_rw) AS critical_rw,
    mo.host_path || mo.via || ' -> ' || mo.destination || CASE WHEN mo.rw = 1 THEN ' (rw)' ELSE ' (ro)' END AS what
  FROM mounts mo
  JOIN sensitive s ON mo.host_path = s.dir OR (s.dir <> '/' AND mo.host_path LIKE s.dir || '/%')
  -- the host clock files are harmless read-only
  WHERE NOT (mo.rw = 0 AND mo.host_path IN ('/etc/localtime', '/etc/timezone'))
  GROUP BY mo.engine_id, mo.container_id, mo.destination
),
per_container AS (
  SELECT engine_id, container_id, max(rw) AS any_rw, max(rw * critical_rw) AS critical,
    group_concat(what, '; ') AS what
  FROM (SELECT * FROM hits ORDER BY what)
  GROUP BY engine_id, container_id
)
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN h.what IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN h.what IS NULL THEN 'no sensitive host path mounted'
    WHEN h.any_rw = 1 THEN 'host system path mounted read-write: ' || h.what
    ELSE 'host system path mounted read-only: ' || h.what END AS reason,
  CASE WHEN h.what IS NULL THEN NULL
    WHEN h.critical = 1 THEN 'critical' WHEN h.any_rw = 1 THEN 'high' ELSE 'medium' END AS severity,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN per_container h ON h.engine_id = c.engine_id AND h.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
