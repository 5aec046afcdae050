-- id: res-memory-not-enforced
-- title: Configured memory limit not enforced by the kernel
-- severity: high
-- section: resources
-- per: container
-- cis:
-- rationale: Rootless engines on cgroup v1, missing controller delegation and some runtimes keep --memory in the container config while the cgroup has no limit (podman#17582, moby#42151); only memory.max / memory.limit_in_bytes shows what is enforced.
-- remediation: Move the host to cgroup v2 with the systemd driver (delegate the memory controller for rootless engines), recreate the container and confirm the cgroup value.
-- Reads cgroup_limits (schema/0002_host.sql): memory_max NULL means unlimited at the container's own cgroup, missing_files names limit files the cgroup lacks. Differences up to one page (4096 bytes) are rounding.
WITH judged AS (
  SELECT c.engine_id, c.container_id, c.name, c.memory_limit AS configured,
    g.container_id AS measured, g.memory_max AS enforced, g.cgroup_version, g.cgroup_path,
    CASE g.cgroup_version WHEN 1 THEN 'memory.limit_in_bytes' ELSE 'memory.max' END AS file,
    instr(',' || coalesce(g.missing_files, '') || ',',
      ',' || CASE g.cgroup_version WHEN 1 THEN 'memory.limit_in_bytes' ELSE 'memory.max' END || ',') > 0 AS file_missing
  FROM containers c
  LEFT JOIN cgroup_limits g ON g.engine_id = c.engine_id AND g.container_id = c.container_id
  WHERE c.running = 1
)
SELECT
  engine_id || '/containers/' || name AS resource,
  CASE WHEN coalesce(configured, 0) <= 0 THEN 'skip'
    WHEN measured IS NULL THEN 'skip'
    WHEN enforced IS NULL THEN 'alarm'
    WHEN abs(enforced - configured) > 4096 THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN coalesce(configured, 0) <= 0 THEN 'no memory limit configured (see res-memory)'
    WHEN measured IS NULL THEN
      CASE WHEN engine_id NOT LIKE 'unix://%' THEN 'remote engine: its cgroups are only visible to posture running on its own host'
        ELSE 'no cgroup facts recorded for the container' END
    ELSE CASE WHEN enforced IS NOT NULL AND abs(enforced - configured) <= 4096 THEN 'memory limit '
        ELSE 'configured memory limit ' END
      || CASE WHEN configured % 1048576 = 0 THEN (configured / 1048576) || ' MiB' ELSE configured || ' bytes' END
      || CASE WHEN enforced IS NULL AND file_missing
          THEN ', but cgroup v' || cgroup_version || ' ' || cgroup_path || ' has no ' || file || ' (memory controller not enabled there): nothing enforces it'
        WHEN enforced IS NULL THEN ', but ' || file || ' of cgroup v' || cgroup_version || ' ' || cgroup_path || ' is unlimited'
        WHEN abs(enforced - configured) > 4096 THEN ', but the cgroup enforces '
          || CASE WHEN enforced % 1048576 = 0 THEN (enforced / 1048576) || ' MiB' ELSE enforced || ' bytes' END
        ELSE ' enforced by cgroup v' || cgroup_version END END AS reason,
  engine_id, container_id, configured, enforced
FROM judged
ORDER BY resource;
