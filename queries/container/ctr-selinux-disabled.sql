-- id: ctr-selinux-disabled
-- title: SELinux separation off
-- severity: medium
-- section: container
-- per: container
-- cis: 5.3
-- rationale: On an SELinux host the engine labels each container (container_t with its own MCS category) so it cannot touch host files or other containers; label=disable and --privileged (spc_t) remove that separation. Hosts without SELinux are skipped.
-- remediation: Recreate without --security-opt label=disable and without --privileged; relabel volumes with :z or :Z instead.
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE
    WHEN coalesce(e.selinux, 0) = 0 THEN 'skip'
    WHEN c.privileged = 1 THEN 'alarm'
    WHEN replace(lower(coalesce(c.selinux_options, '') || ',' || coalesce(c.security_options, '')), ':', '=') LIKE '%label=disable%' THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE
    WHEN coalesce(e.selinux, 0) = 0 THEN 'the engine does not run with SELinux enabled'
    WHEN c.privileged = 1 THEN 'privileged: runs as the unconfined spc_t type'
    WHEN replace(lower(coalesce(c.selinux_options, '') || ',' || coalesce(c.security_options, '')), ':', '=') LIKE '%label=disable%'
      THEN 'SELinux labelling turned off (label=disable)'
    ELSE 'SELinux labelled' || CASE WHEN coalesce(c.selinux_options, '') <> '' THEN ' (' || c.selinux_options || ')' ELSE '' END END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN engines e ON e.engine_id = c.engine_id
WHERE c.running = 1
ORDER BY resource;
