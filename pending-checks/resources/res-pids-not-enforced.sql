-- id: res-pids-not-enforced
-- title: Configured PIDs limit not enforced by the kernel
-- severity: high
-- section: resources
-- cis:
-- rationale: --pids-limit only protects the host when pids.max in the container's cgroup carries it; without the pids controller delegated the fork-bomb protection is silently gone.
-- remediation: Delegate the pids controller (cgroup v2, systemd driver), recreate the container and confirm pids.max.
-- Needs: cgroup_limits (schema/0002_host.sql); pids_max NULL means unlimited.
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN coalesce(c.pids_limit, 0) <= 0 THEN 'skip'
    WHEN g.container_id IS NULL THEN 'skip'
    WHEN g.pids_max IS NULL OR g.pids_max <> c.pids_limit THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN coalesce(c.pids_limit, 0) <= 0 THEN 'no PIDs limit configured (see res-pids)'
    WHEN g.container_id IS NULL THEN 'no cgroup facts recorded for the container'
    WHEN g.pids_max IS NULL THEN 'configured PIDs limit ' || c.pids_limit || ', but the cgroup enforces none'
    WHEN g.pids_max <> c.pids_limit THEN 'configured PIDs limit ' || c.pids_limit || ', but the cgroup enforces ' || g.pids_max
    ELSE 'PIDs limit ' || g.pids_max || ' enforced by the cgroup' END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN cgroup_limits g ON g.engine_id = c.engine_id AND g.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
