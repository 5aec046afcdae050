-- id: res-memory
-- title: No memory limit
-- severity: medium
-- section: resources
-- per: container
-- cis: 5.11
-- rationale: A container without a memory limit can take all of the host's memory; the kernel's OOM killer then picks victims among every container and host process on the engine. With the OOM killer disabled as well, nothing stops it.
-- remediation: Recreate with --memory <size> (and --memory-swap equal to it); never combine --oom-kill-disable with no limit.
-- Row severity: high when the OOM killer is also disabled, medium otherwise. This reads what the engine was asked for; res-limit-not-enforced (cgroup facts) checks what the kernel enforces.
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN coalesce(c.memory_limit, 0) <= 0 THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN coalesce(c.memory_limit, 0) <= 0 THEN
      'memory limit 0 (unlimited)'
      || CASE WHEN c.oom_kill_disable = 1 THEN ' and the OOM killer disabled: it can exhaust host memory and nothing will stop it'
        ELSE ': it can take the memory of every other container and host process' END
    ELSE 'memory limit ' || CASE
      WHEN c.memory_limit % 1073741824 = 0 THEN (c.memory_limit / 1073741824) || ' GiB'
      WHEN c.memory_limit % 1048576 = 0 THEN (c.memory_limit / 1048576) || ' MiB'
      ELSE c.memory_limit || ' bytes' END END AS reason,
  CASE WHEN coalesce(c.memory_limit, 0) > 0 THEN NULL
    WHEN c.oom_kill_disable = 1 THEN 'high' ELSE 'medium' END AS severity,
  c.engine_id, c.container_id
FROM containers c
WHERE c.running = 1
ORDER BY resource;
