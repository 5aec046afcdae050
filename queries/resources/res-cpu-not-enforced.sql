-- id: res-cpu-not-enforced
-- title: Configured CPU limit not enforced by the kernel
-- severity: high
-- section: resources
-- per: container
-- cis:
-- rationale: --cpus (NanoCpus) or --cpu-quota is only real when cpu.max (v2) or cpu.cfs_quota_us (v1) carries the matching quota; rootless setups without cpu delegation silently drop it.
-- remediation: Delegate the cpu controller (cgroup v2, systemd driver; Delegate=cpu for user@.service on rootless hosts), recreate the container and confirm the cgroup value.
-- Reads cgroup_limits (schema/0002_host.sql): cpu_quota NULL means unlimited at the container's own cgroup, missing_files names limit files the cgroup lacks. Expected quota = NanoCpus x period / 1e9 (or CpuQuota scaled to the enforced period), within 1%. Relative weights (cpu-shares) and cpusets are not limits and are not compared.
WITH wanted AS (
  SELECT c.engine_id, c.container_id, c.name, c.nano_cpus, c.cpu_quota AS configured_quota, c.cpu_period AS configured_period,
    g.container_id AS measured, g.cpu_quota AS enforced, g.cpu_period, g.cgroup_version, g.cgroup_path,
    CASE g.cgroup_version WHEN 1 THEN 'cpu.cfs_quota_us' ELSE 'cpu.max' END AS file,
    instr(',' || coalesce(g.missing_files, '') || ',',
      ',' || CASE g.cgroup_version WHEN 1 THEN 'cpu.cfs_quota_us' ELSE 'cpu.max' END || ',') > 0 AS file_missing,
    CASE WHEN coalesce(c.nano_cpus, 0) > 0 THEN c.nano_cpus * coalesce(g.cpu_period, 100000) / 1e9
      WHEN coalesce(c.cpu_quota, 0) > 0
        THEN c.cpu_quota * 1.0 * coalesce(g.cpu_period, 100000) / coalesce(nullif(c.cpu_period, 0), 100000)
      END AS expected,
    CASE WHEN coalesce(c.nano_cpus, 0) > 0 THEN printf('%g CPU%s', c.nano_cpus / 1e9, CASE WHEN c.nano_cpus = 1000000000 THEN '' ELSE 's' END)
      WHEN coalesce(c.cpu_quota, 0) > 0
        THEN 'CPU quota ' || c.cpu_quota || ' us per ' || coalesce(nullif(c.cpu_period, 0), 100000) || ' us' END AS asked
  FROM containers c
  LEFT JOIN cgroup_limits g ON g.engine_id = c.engine_id AND g.container_id = c.container_id
  WHERE c.running = 1
)
SELECT
  engine_id || '/containers/' || name AS resource,
  CASE WHEN expected IS NULL THEN 'skip'
    WHEN measured IS NULL THEN 'skip'
    WHEN enforced IS NULL THEN 'alarm'
    WHEN abs(enforced - expected) > expected / 100 THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN expected IS NULL THEN 'no CPU quota configured (see res-cpu)'
    WHEN measured IS NULL THEN
      CASE WHEN engine_id NOT LIKE 'unix://%' THEN 'remote engine: its cgroups are only visible to posture running on its own host'
        ELSE 'no cgroup facts recorded for the container' END
    WHEN enforced IS NULL AND file_missing
      THEN 'configured ' || asked || ', but cgroup v' || cgroup_version || ' ' || cgroup_path || ' has no ' || file || ' (cpu controller not enabled there): nothing enforces it'
    WHEN enforced IS NULL THEN 'configured ' || asked || ', but ' || file || ' of cgroup v' || cgroup_version || ' ' || cgroup_path || ' sets no quota'
    WHEN abs(enforced - expected) > expected / 100
      THEN 'configured ' || asked || ' (quota ' || CAST(round(expected) AS INTEGER) || ' us), but the cgroup enforces ' || enforced || ' us per ' || coalesce(cpu_period, '?') || ' us'
    ELSE asked || ' enforced by cgroup v' || cgroup_version || ' (quota ' || enforced || ' us per ' || coalesce(cpu_period, '?') || ' us)' END AS reason,
  engine_id, container_id, CAST(round(expected) AS INTEGER) AS expected_quota, enforced, cpu_period
FROM wanted
ORDER BY resource;
