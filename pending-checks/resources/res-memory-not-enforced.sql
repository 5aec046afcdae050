-- id: res-memory-not-enforced
-- title: Configured memory limit not enforced by the kernel
-- severity: high
-- section: resources
-- cis:
-- rationale: Rootless engines on cgroup v1, missing controller delegation and some runtimes keep --memory in the container config while the cgroup has no limit (podman#17582, moby#42151); only memory.max / memory.limit_in_bytes shows what is enforced.
-- remediation: Move the host to cgroup v2 with the systemd driver (delegate the memory controller for rootless engines), recreate the container and confirm the cgroup value.
-- Needs: cgroup_limits (schema/0002_host.sql); memory_max NULL means unlimited. Differences up to one page are rounding.
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN coalesce(c.memory_limit, 0) <= 0 THEN 'skip'
    WHEN g.container_id IS NULL THEN 'skip'
    WHEN g.memory_max IS NULL THEN 'alarm'
    WHEN abs(g.memory_max - c.memory_limit) > 4096 THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN coalesce(c.memory_limit, 0) <= 0 THEN 'no memory limit configured (see res-memory)'
    WHEN g.container_id IS NULL THEN 'no cgroup facts recorded for the container'
    WHEN g.memory_max IS NULL THEN 'configured memory limit ' || c.memory_limit || ' bytes, but cgroup v' || coalesce(g.cgroup_version, '?') || ' ' || coalesce(g.cgroup_path, '') || ' enforces no limit'
    WHEN abs(g.memory_max - c.memory_limit) > 4096 THEN 'configured memory limit ' || c.memory_limit || ' bytes, but the cgroup enforces ' || g.memory_max
    ELSE 'memory limit ' || g.memory_max || ' bytes enforced by the cgroup' END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN cgroup_limits g ON g.engine_id = c.engine_id AND g.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
