-- id: ctr-root-on-host
-- title: Container process is root on the host
-- severity: high
-- section: container
-- per: container
-- cis: 4.1
-- rationale: The uid of the container's pid 1 as the host sees it (/proc/<pid>/status, after any user-namespace mapping) is what an escape lands as. uid 0 there is host root; a remapped or rootless container shows an unprivileged uid even when it is root inside.
-- remediation: Run as a non-root user (USER / --user), or use a rootless engine or userns-remap so container root maps to an unprivileged host uid.
-- Reads container_processes (schema/0002_host.sql); real or effective uid 0 counts.
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN p.container_id IS NULL OR (p.uid IS NULL AND p.euid IS NULL) THEN 'skip'
    WHEN p.uid = 0 OR p.euid = 0 THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN p.container_id IS NULL THEN
      CASE WHEN c.engine_id NOT LIKE 'unix://%' THEN 'remote engine: its processes are only visible to posture running on its own host'
        ELSE 'no process facts recorded for the container' END
    WHEN p.uid IS NULL AND p.euid IS NULL THEN 'the uid of pid 1 could not be read'
    WHEN p.uid = 0 OR p.euid = 0 THEN 'pid 1 runs as host uid ' || coalesce(p.uid, '?') || ' (effective ' || coalesce(p.euid, '?')
      || ', gid ' || coalesce(p.gid, '?') || '): an escape lands as host root'
    ELSE 'pid 1 runs as host uid ' || coalesce(p.uid, '?') || CASE WHEN p.gid = 0 THEN ' with gid 0' ELSE '' END END AS reason,
  c.engine_id, c.container_id, p.uid, p.euid
FROM containers c
LEFT JOIN container_processes p ON p.engine_id = c.engine_id AND p.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
