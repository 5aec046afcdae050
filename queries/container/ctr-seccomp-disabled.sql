-- id: ctr-seccomp-disabled
-- title: Seccomp filtering off
-- severity: high
-- section: container
-- per: container
-- cis: 5.22
-- rationale: The default seccomp profile blocks about 50 syscalls used in container escapes (keyctl, unshare, mount variants, bpf, userfaultfd...). seccomp=unconfined, --privileged or an engine without seccomp support removes that filter.
-- remediation: Recreate without --security-opt seccomp=unconfined (and without --privileged); write a custom profile if a syscall is really needed. Run the engine on a kernel with seccomp support.
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE
    WHEN c.privileged = 1 THEN 'alarm'
    WHEN lower(coalesce(c.seccomp_profile, '')) = 'unconfined'
      OR replace(lower(coalesce(c.security_options, '')), ':', '=') LIKE '%seccomp=unconfined%' THEN 'alarm'
    WHEN e.engine_id IS NOT NULL AND e.seccomp_profile IS NULL THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE
    WHEN c.privileged = 1 THEN 'privileged: the engine applies no seccomp profile to privileged containers'
    WHEN lower(coalesce(c.seccomp_profile, '')) = 'unconfined'
      OR replace(lower(coalesce(c.security_options, '')), ':', '=') LIKE '%seccomp=unconfined%'
      THEN 'seccomp turned off (seccomp=unconfined)'
    WHEN e.engine_id IS NOT NULL AND e.seccomp_profile IS NULL THEN 'the engine reports no seccomp support: no syscall filter at all'
    WHEN c.seccomp_profile IS NOT NULL THEN 'custom seccomp profile ' || c.seccomp_profile
    ELSE 'engine default seccomp profile (' || coalesce(e.seccomp_profile, 'default') || ')' END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN engines e ON e.engine_id = c.engine_id
WHERE c.running = 1
ORDER BY resource;
