-- id: res-pids-not-enforced
-- title: Configured PIDs limit not enforced by the kernel
-- severity: high
-- section: resources
-- per: container
-- cis:
-- rationale: --pids-limit only protects the host when pids.max in the container's cgroup carries it; without the pids controller delegated the fork-bomb protection is silently gone.
-- remediation: Delegate the pids controller (cgroup v2, systemd driver), recreate the container and confirm pids.max.
-- Reads cgroup_limits (schema/0002_host.sql): pids_max NULL means unlimited at the container's own cgroup, missing_files names limit files the cgroup lacks.
WITH judged AS (
  SELECT c.engine_id, c.container_id, c.name, c.pids_limit AS configured,
    g.container_id AS measured, g.pids_max AS enforced, g.cgroup_version, g.cgroup_path,
    instr(',' || coalesce(g.missing_files, '') || ',', ',pids.max,') > 0 AS file_missing
  FROM containers c
  LEFT JOIN cgroup_limits g ON g.engine_id = c.engine_id AND g.container_id = c.container_id
  WHERE c.running = 1
)
SELECT
  engine_id || '/containers/' || name AS resource,
  CASE WHEN coalesce(configured, 0) <= 0 THEN 'skip'
    WHEN measured IS NULL THEN 'skip'
    WHEN enforced IS NULL OR enforced <> configured THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN coalesce(configured, 0) <= 0 THEN 'no PIDs limit configured (see res-pids)'
    WHEN measured IS NULL THEN
      CASE WHEN engine_id NOT LIKE 'unix://%' THEN 'remote engine: its cgroups are only visible to posture running on its own host'
        ELSE 'no cgroup facts recorded for the container' END
    WHEN enforced IS NULL AND file_missing
      THEN 'configured PIDs limit ' || configured || ', but cgroup v' || cgroup_version || ' ' || cgroup_path || ' has no pids.max (pids controller not enabled there): nothing enforces it'
    WHEN enforced IS NULL THEN 'configured PIDs limit ' || configured || ', but pids.max of cgroup v' || cgroup_version || ' ' || cgroup_path || ' is unlimited'
    WHEN enforced <> configured THEN 'configured PIDs limit ' || configured || ', but the cgroup enforces ' || enforced
    ELSE 'PIDs limit ' || enforced || ' enforced by cgroup v' || cgroup_version END AS reason,
  engine_id, container_id, configured, enforced
FROM judged
ORDER BY resource;
