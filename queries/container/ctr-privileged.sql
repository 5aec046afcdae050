-- id: ctr-privileged
-- title: Privileged container
-- severity: critical
-- section: container
-- per: container
-- cis: 5.5
-- rationale: --privileged gives the container every capability, every host device and no seccomp, AppArmor or /proc masking; root inside it is root on the host, one mount away.
-- remediation: Recreate without --privileged; add only the capabilities (--cap-add) or devices (--device) the workload needs.
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN c.privileged = 1 THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN c.privileged = 1
    THEN 'runs privileged: all capabilities, all host devices, no seccomp or LSM confinement'
    ELSE 'not privileged' END AS reason,
  c.engine_id, c.container_id
FROM containers c
WHERE c.running = 1
ORDER BY resource;
