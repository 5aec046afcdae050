-- id: res-memory-swap
-- title: Swap unlimited for a memory-limited container
-- severity: low
-- section: resources
-- per: container
-- cis:
-- rationale: --memory-swap -1 lets a memory-limited container swap without bound, so it thrashes the host's disk instead of being held at its limit. Containers without any memory limit are res-memory's finding and are skipped here.
-- remediation: Recreate with --memory-swap equal to --memory (no swap) or to a bounded total.
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN coalesce(c.memory_limit, 0) <= 0 THEN 'skip'
    WHEN c.memory_swap = -1 THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN coalesce(c.memory_limit, 0) <= 0 THEN 'no memory limit (see res-memory)'
    WHEN c.memory_swap = -1 THEN 'memory-swap -1: unlimited swap on top of the memory limit'
    WHEN c.memory_swap IS NULL OR c.memory_swap = 0 THEN 'memory-swap unset: swap bounded by the engine default (equal to the memory limit)'
    WHEN c.memory_swap <= c.memory_limit THEN 'memory-swap equals the memory limit: no swap'
    ELSE 'swap bounded: memory-swap ' || c.memory_swap || ' bytes' END AS reason,
  c.engine_id, c.container_id
FROM containers c
WHERE c.running = 1
ORDER BY resource;
