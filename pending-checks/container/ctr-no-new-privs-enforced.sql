-- id: ctr-no-new-privs-enforced
-- title: no-new-privileges not in force for the container's process
-- severity: medium
-- section: container
-- cis: 5.26
-- rationale: /proc/<pid>/status NoNewPrivs is what the kernel applies, whatever the container or daemon configuration says; this is the authoritative form of ctr-no-new-privs.
-- remediation: Recreate with --security-opt no-new-privileges or set "no-new-privileges": true in daemon.json, then confirm NoNewPrivs: 1.
-- Needs: container_processes (schema/0002_host.sql).
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN p.container_id IS NULL THEN 'skip' WHEN p.no_new_privs = 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN p.container_id IS NULL THEN 'no process facts recorded for the container'
    WHEN p.no_new_privs = 1 THEN 'NoNewPrivs 1 on pid 1'
    ELSE 'NoNewPrivs 0 on pid 1: setuid binaries and file capabilities can raise privileges' END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN container_processes p ON p.engine_id = c.engine_id AND p.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
