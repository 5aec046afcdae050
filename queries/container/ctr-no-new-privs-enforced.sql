-- id: ctr-no-new-privs-enforced
-- title: no-new-privileges not in force for the container's process
-- severity: medium
-- section: container
-- per: container
-- cis: 5.26
-- rationale: /proc/<pid>/status NoNewPrivs is what the kernel applies, whatever the container or daemon configuration says; this is the authoritative form of ctr-no-new-privs. Without it setuid binaries and file capabilities inside the container can raise privileges.
-- remediation: Recreate with --security-opt no-new-privileges or set "no-new-privileges": true in daemon.json, then confirm NoNewPrivs: 1.
-- Reads container_processes (schema/0002_host.sql).
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN p.container_id IS NULL OR p.no_new_privs IS NULL THEN 'skip'
    WHEN p.no_new_privs = 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN p.container_id IS NULL THEN
      CASE WHEN c.engine_id NOT LIKE 'unix://%' THEN 'remote engine: its processes are only visible to posture running on its own host'
        ELSE 'no process facts recorded for the container' END
    WHEN p.no_new_privs IS NULL THEN 'the kernel does not report NoNewPrivs for pid 1'
    WHEN p.no_new_privs = 1 THEN 'NoNewPrivs 1 on pid 1'
    ELSE 'NoNewPrivs 0 on pid 1: setuid binaries and file capabilities can raise privileges' END AS reason,
  c.engine_id, c.container_id, p.no_new_privs
FROM containers c
LEFT JOIN container_processes p ON p.engine_id = c.engine_id AND p.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
