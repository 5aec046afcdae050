-- id: ctr-seccomp-not-enforced
-- title: No seccomp filter on the container's process
-- severity: high
-- section: container
-- per: container
-- cis: 5.22
-- rationale: /proc/<pid>/status Seccomp is 2 when a filter is attached; 0 means no syscall filtering at all, whatever the configuration claims. This is the authoritative form of ctr-seccomp-disabled.
-- remediation: Recreate without seccomp=unconfined or --privileged, on an engine with seccomp support; confirm Seccomp: 2.
-- Reads container_processes (schema/0002_host.sql). Seccomp 1 (strict mode) allows only read, write, exit and sigreturn: stricter than any filter.
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN p.container_id IS NULL OR p.seccomp_mode IS NULL THEN 'skip'
    WHEN p.seccomp_mode IN (1, 2) THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN p.container_id IS NULL THEN
      CASE WHEN c.engine_id NOT LIKE 'unix://%' THEN 'remote engine: its processes are only visible to posture running on its own host'
        ELSE 'no process facts recorded for the container' END
    WHEN p.seccomp_mode IS NULL THEN 'the kernel does not report a seccomp mode for pid 1'
    WHEN p.seccomp_mode = 2 THEN 'seccomp filter attached to pid 1'
    WHEN p.seccomp_mode = 1 THEN 'pid 1 runs in seccomp strict mode'
    ELSE 'seccomp mode ' || p.seccomp_mode || ' on pid 1: no syscall filter'
      || CASE WHEN c.privileged = 1 THEN ' (privileged container)'
        WHEN lower(coalesce(c.seccomp_profile, '')) = 'unconfined'
          OR replace(lower(coalesce(c.security_options, '')), ':', '=') LIKE '%seccomp=unconfined%' THEN ' (seccomp=unconfined)'
        ELSE ' although neither --privileged nor seccomp=unconfined was asked for' END END AS reason,
  c.engine_id, c.container_id, p.seccomp_mode
FROM containers c
LEFT JOIN container_processes p ON p.engine_id = c.engine_id AND p.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
