-- id: ctr-seccomp-not-enforced
-- title: No seccomp filter on the container's process
-- severity: high
-- section: container
-- cis: 5.22
-- rationale: /proc/<pid>/status Seccomp is 2 when a filter is attached; 0 means no syscall filtering at all, whatever the configuration claims. This is the authoritative form of ctr-seccomp-disabled.
-- remediation: Recreate without seccomp=unconfined or --privileged, on an engine with seccomp support; confirm Seccomp: 2.
-- Needs: container_processes (schema/0002_host.sql).
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN p.container_id IS NULL THEN 'skip' WHEN p.seccomp_mode = 2 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN p.container_id IS NULL THEN 'no process facts recorded for the container'
    WHEN p.seccomp_mode = 2 THEN 'seccomp filter attached to pid 1'
    ELSE 'seccomp mode ' || coalesce(p.seccomp_mode, '?') || ' on pid 1: no syscall filter' END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN container_processes p ON p.engine_id = c.engine_id AND p.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
