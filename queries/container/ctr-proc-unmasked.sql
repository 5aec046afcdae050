-- id: ctr-proc-unmasked
-- title: /proc and /sys paths unmasked
-- severity: high
-- section: container
-- per: container
-- cis:
-- rationale: The engine masks /proc/kcore, /proc/sysrq-trigger, /proc/keys, /sys/firmware and friends and makes /proc/sys read-only; --security-opt systempaths=unconfined removes this, exposing host memory, kernel keys and host-wide sysctls.
-- remediation: Recreate without --security-opt systempaths=unconfined.
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN c.privileged = 1 THEN 'skip' WHEN c.proc_unmasked = 1 THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN c.privileged = 1 THEN 'privileged: nothing is masked anyway (see ctr-privileged)'
    WHEN c.proc_unmasked = 1 THEN '/proc and /sys masking turned off (systempaths=unconfined): /proc/kcore, /proc/sysrq-trigger and /proc/sys are reachable'
    ELSE '/proc and /sys paths masked' END AS reason,
  c.engine_id, c.container_id
FROM containers c
WHERE c.running = 1
ORDER BY resource;
