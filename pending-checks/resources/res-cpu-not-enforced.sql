-- id: res-cpu-not-enforced
-- title: Configured CPU limit not enforced by the kernel
-- severity: high
-- section: resources
-- cis:
-- rationale: --cpus (NanoCpus) or --cpu-quota is only real when cpu.max (v2) or cpu.cfs_quota_us (v1) carries the matching quota; rootless setups without cpu delegation silently drop it.
-- remediation: Delegate the cpu controller (cgroup v2, systemd driver; Delegate=cpu for user@.service on rootless hosts), recreate the container and confirm the cgroup value.
-- Needs: cgroup_limits (schema/0002_host.sql); cpu_quota NULL means unlimited. Expected quota = NanoCpus x period / 1e9, within 1%.
WITH wanted AS (
  SELECT c.engine_id, c.container_id, c.name, c.nano_cpus, c.cpu_quota AS configured_quota,
    g.container_id AS measured, g.cpu_quota, g.cpu_period, g.cgroup_version,
    CASE WHEN coalesce(c.nano_cpus, 0) > 0 THEN c.nano_cpus * coalesce(g.cpu_period, 100000) / 1e9
      WHEN coalesce(c.cpu_quota, 0) > 0 THEN c.cpu_quota * coalesce(g.cpu_period, 100000) / coalesce(nullif(c.cpu_period, 0), 100000)
      END AS expected
  FROM containers c
  LEFT JOIN cgroup_limits g ON g.engine_id = c.engine_id AND g.container_id = c.container_id
  WHERE c.running = 1
)
SELECT
  engine_id || '/containers/' || name AS resource,
  CASE WHEN expected IS NULL THEN 'skip'
    WHEN measured IS NULL THEN 'skip'
    WHEN cpu_quota IS NULL THEN 'alarm'
    WHEN abs(cpu_quota - expected) > expected / 100 THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN expected IS NULL THEN 'no CPU quota configured (see res-cpu)'
    WHEN measured IS NULL THEN 'no cgroup facts recorded for the container'
    WHEN cpu_quota IS NULL THEN 'configured CPU quota ' || CAST(expected AS INTEGER) || ' us per ' || coalesce(cpu_period, 100000) || ' us, but the cgroup enforces no quota'
    WHEN abs(cpu_quota - expected) > expected / 100 THEN 'configured CPU quota ' || CAST(expected AS INTEGER) || ' us, but the cgroup enforces ' || cpu_quota || ' us per ' || coalesce(cpu_period, '?') || ' us'
    ELSE 'CPU quota ' || cpu_quota || ' us per ' || coalesce(cpu_period, '?') || ' us enforced by the cgroup' END AS reason,
  engine_id, container_id
FROM wanted
ORDER BY resource;
