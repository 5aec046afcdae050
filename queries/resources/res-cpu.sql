-- id: res-cpu
-- title: No CPU limit or priority
-- severity: low
-- section: resources
-- per: container
-- cis: 5.12
-- rationale: A container without a CPU quota, cpuset or non-default shares competes with every other container and the host on equal terms; one busy or compromised service can starve the rest.
-- remediation: Recreate with --cpus <n> (or --cpu-quota/--cpu-period, --cpuset-cpus, or lower --cpu-shares).
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN coalesce(c.nano_cpus, 0) > 0 OR coalesce(c.cpu_quota, 0) > 0
      OR coalesce(c.cpuset_cpus, '') <> '' OR coalesce(c.cpu_shares, 0) NOT IN (0, 1024)
    THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN coalesce(c.nano_cpus, 0) > 0 THEN 'CPU limit --cpus ' || printf('%g', c.nano_cpus / 1e9)
    WHEN coalesce(c.cpu_quota, 0) > 0 THEN 'CPU quota ' || c.cpu_quota || ' us per ' || coalesce(c.cpu_period, 100000) || ' us'
    WHEN coalesce(c.cpuset_cpus, '') <> '' THEN 'pinned to CPUs ' || c.cpuset_cpus
    WHEN coalesce(c.cpu_shares, 0) NOT IN (0, 1024) THEN 'CPU shares ' || c.cpu_shares || ' (relative priority only)'
    ELSE 'no CPU limit: no --cpus, quota or cpuset, default shares' END AS reason,
  c.engine_id, c.container_id
FROM containers c
WHERE c.running = 1
ORDER BY resource;
