-- id: res-swap-not-enforced
-- title: Configured swap limit not enforced by the kernel
-- severity: medium
-- section: resources
-- per: container
-- cis:
-- rationale: --memory-swap is enforced through memory.swap.max (v2: swap only) or memory.memsw.limit_in_bytes (v1: memory plus swap, and only with swap accounting on); without it a memory-limited container can swap without bound.
-- remediation: Enable swap accounting (cgroup v2, or swapaccount=1 on v1), recreate the container and confirm the cgroup value.
-- Reads cgroup_limits (schema/0002_host.sql): memory_swap_max NULL means unlimited at the container's own cgroup, missing_files names limit files the cgroup lacks. Expected: v2 memory_swap - memory_limit, v1 memory_swap; differences up to one page are rounding.
WITH wanted AS (
  SELECT c.engine_id, c.container_id, c.name, c.memory_limit, c.memory_swap,
    g.container_id AS measured, g.memory_swap_max AS enforced, g.cgroup_version, g.cgroup_path,
    CASE g.cgroup_version WHEN 1 THEN 'memory.memsw.limit_in_bytes' ELSE 'memory.swap.max' END AS file,
    instr(',' || coalesce(g.missing_files, '') || ',',
      ',' || CASE g.cgroup_version WHEN 1 THEN 'memory.memsw.limit_in_bytes' ELSE 'memory.swap.max' END || ',') > 0 AS file_missing,
    CASE WHEN coalesce(c.memory_limit, 0) > 0 AND coalesce(c.memory_swap, 0) > 0 THEN
      CASE WHEN g.cgroup_version = 1 THEN c.memory_swap ELSE c.memory_swap - c.memory_limit END END AS expected
  FROM containers c
  LEFT JOIN cgroup_limits g ON g.engine_id = c.engine_id AND g.container_id = c.container_id
  WHERE c.running = 1
)
SELECT
  engine_id || '/containers/' || name AS resource,
  CASE WHEN coalesce(memory_limit, 0) <= 0 OR coalesce(memory_swap, 0) <= 0 THEN 'skip'
    WHEN measured IS NULL THEN 'skip'
    WHEN enforced IS NULL THEN 'alarm'
    WHEN abs(enforced - expected) > 4096 THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN coalesce(memory_limit, 0) <= 0 THEN 'no memory limit configured, so no swap limit either (see res-memory)'
    WHEN memory_swap = -1 THEN 'swap left unlimited by configuration (--memory-swap -1, see res-memory-swap)'
    WHEN coalesce(memory_swap, 0) <= 0 THEN 'no memory-swap limit configured'
    WHEN measured IS NULL THEN
      CASE WHEN engine_id NOT LIKE 'unix://%' THEN 'remote engine: its cgroups are only visible to posture running on its own host'
        ELSE 'no cgroup facts recorded for the container' END
    WHEN enforced IS NULL AND file_missing
      THEN 'configured memory-swap ' || (memory_swap / 1048576) || ' MiB, but cgroup v' || cgroup_version || ' ' || cgroup_path || ' has no ' || file || ' (swap accounting off): swap is unbounded'
    WHEN enforced IS NULL THEN 'configured memory-swap ' || (memory_swap / 1048576) || ' MiB, but ' || file || ' of cgroup v' || cgroup_version || ' ' || cgroup_path || ' is unlimited'
    WHEN abs(enforced - expected) > 4096 THEN 'configured memory-swap ' || (memory_swap / 1048576) || ' MiB expects ' || file || ' ' || (expected / 1048576) || ' MiB, but the cgroup enforces ' || CASE WHEN enforced % 1048576 = 0 THEN (enforced / 1048576) || ' MiB' ELSE enforced || ' bytes' END
    ELSE 'swap limit enforced by cgroup v' || cgroup_version || ': ' || file || ' ' || (enforced / 1048576) || ' MiB for memory-swap ' || CASE WHEN memory_swap % 1048576 = 0 THEN (memory_swap / 1048576) || ' MiB' ELSE memory_swap || ' bytes' END END AS reason,
  engine_id, container_id, expected, enforced
FROM wanted
ORDER BY resource;
