-- id: ctr-root-on-host
-- title: Container process is root on the host
-- severity: high
-- section: container
-- cis: 4.1
-- rationale: The uid of the container's pid 1 as the host sees it (/proc/<pid>/status, after any user-namespace mapping) is what an escape lands as. uid 0 there is host root; a remapped or rootless container shows an unprivileged uid even when it is root inside.
-- remediation: Run as a non-root user (USER / --user), or use a rootless engine or userns-remap so container root maps to an unprivileged host uid.
-- Needs: container_processes (schema/0002_host.sql).
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN p.container_id IS NULL THEN 'skip' WHEN p.uid = 0 THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN p.container_id IS NULL THEN 'no process facts recorded for the container'
    WHEN p.uid = 0 THEN 'pid 1 runs as host uid 0 (gid ' || coalesce(p.gid, '?') || '): an escape lands as host root'
    ELSE 'pid 1 runs as host uid ' || p.uid END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN container_processes p ON p.engine_id = c.engine_id AND p.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
