-- id: res-swap-not-enforced
-- title: Configured swap limit not enforced by the kernel
-- severity: medium
-- section: resources
-- cis:
-- rationale: --memory-swap is enforced through memory.swap.max (v2: swap only) or memory.memsw.limit_in_bytes (v1: memory plus swap, and only with swap accounting on); without it a memory-limited container can swap without bound.
-- remediation: Enable swap accounting (cgroup v2, or swapaccount=1 on v1), recreate the container and confirm the cgroup value.
-- Needs: cgroup_limits (schema/0002_host.sql); memory_swap_max NULL means unlimited. Expected: v2 memory_swap - memory_limit, v1 memory_swap.
WITH wanted AS (
  SELECT c.engine_id, c.container_id, c.name, c.memory_limit, c.memory_swap,
    g.container_id AS measured, g.memory_swap_max, g.cgroup_version,
    CASE WHEN coalesce(c.memory_limit, 0) > 0 AND coalesce(c.memory_swap, 0) > 0 THEN
      CASE WHEN g.cgroup_version = '1' THEN c.memory_swap ELSE c.memory_swap - c.memory_limit END END AS expected
  FROM containers c
  LEFT JOIN cgroup_limits g ON g.engine_id = c.engine_id AND g.container_id = c.container_id
  WHERE c.running = 1
)
SELECT
  engine_id || '/containers/' || name AS resource,
  CASE WHEN expected IS NULL THEN 'skip'
    WHEN measured IS NULL THEN 'skip'
    WHEN memory_swap_max IS NULL THEN 'alarm'
    WHEN abs(memory_swap_max - expected) > 4096 THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN expected IS NULL THEN 'no bounded swap configured (see res-memory-swap)'
    WHEN measured IS NULL THEN 'no cgroup facts recorded for the container'
    WHEN memory_swap_max IS NULL THEN 'configured memory-swap ' || memory_swap || ' bytes, but the cgroup enforces no swap limit'
    WHEN abs(memory_swap_max - expected) > 4096 THEN 'expected a swap limit of ' || expected || ' bytes, the cgroup enforces ' || memory_swap_max
    ELSE 'swap limit ' || memory_swap_max || ' bytes enforced by the cgroup' END AS reason,
  engine_id, container_id
FROM wanted
ORDER BY resource;
