-- id: ctr-apparmor-unconfined
-- title: AppArmor confinement off
-- severity: medium
-- section: container
-- per: container
-- cis: 5.2
-- rationale: On an AppArmor host the engine confines containers with a profile (docker-default, containers-default) that denies writes to /proc and /sys and mounts; unconfined containers lose that layer. Hosts without AppArmor are skipped (SELinux is checked by ctr-selinux-disabled).
-- remediation: Recreate without --security-opt apparmor=unconfined and without --privileged, or apply a custom profile (--security-opt apparmor=<profile>).
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE
    WHEN coalesce(e.apparmor, 0) = 0 THEN 'skip'
    WHEN c.privileged = 1 THEN 'alarm'
    WHEN coalesce(c.apparmor_profile, '') IN ('', 'unconfined') THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE
    WHEN coalesce(e.apparmor, 0) = 0 THEN 'the engine''s host has no AppArmor'
    WHEN c.privileged = 1 THEN 'privileged: runs without an AppArmor profile'
    WHEN coalesce(c.apparmor_profile, '') = 'unconfined' THEN 'AppArmor turned off (apparmor=unconfined)'
    WHEN coalesce(c.apparmor_profile, '') = '' THEN 'no AppArmor profile applied on an AppArmor host'
    ELSE 'AppArmor profile ' || c.apparmor_profile END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN engines e ON e.engine_id = c.engine_id
WHERE c.running = 1
ORDER BY resource;
