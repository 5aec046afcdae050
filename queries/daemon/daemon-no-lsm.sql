-- id: daemon-no-lsm
-- title: No AppArmor or SELinux on the engine's host
-- severity: medium
-- section: daemon
-- cis:
-- rationale: AppArmor or SELinux is the mandatory-access-control layer that still confines a container process after a capability or namespace mistake; with neither, that layer is missing for every container.
-- remediation: Enable AppArmor (Debian, Ubuntu, SUSE) or SELinux with "selinux-enabled": true (Fedora, RHEL) on the host.
SELECT
  e.engine_id AS resource,
  CASE WHEN coalesce(e.apparmor, 0) = 1 OR coalesce(e.selinux, 0) = 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN coalesce(e.apparmor, 0) = 1 AND coalesce(e.selinux, 0) = 1 THEN 'AppArmor and SELinux available'
    WHEN coalesce(e.apparmor, 0) = 1 THEN 'AppArmor available'
    WHEN coalesce(e.selinux, 0) = 1 THEN 'SELinux enabled'
    ELSE 'neither AppArmor nor SELinux: containers run without mandatory access control' END AS reason
FROM engines e
ORDER BY resource;
