-- id: ctr-host-cgroupns
-- title: Host cgroup namespace shared on cgroup v2
-- severity: low
-- section: container
-- per: container
-- cis:
-- rationale: On cgroup v2 containers get a private cgroup namespace by default; --cgroupns=host shows the host's whole cgroup tree and its paths to the container.
-- remediation: Recreate without --cgroupns=host (the default on cgroup v2 is private).
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN coalesce(e.cgroup_version, '') <> '2' THEN 'skip'
    WHEN c.cgroupns_mode = 'host' THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN coalesce(e.cgroup_version, '') <> '2' THEN 'engine uses cgroup v' || coalesce(e.cgroup_version, '?') || ': no private cgroup namespaces by default'
    WHEN c.cgroupns_mode = 'host' THEN 'shares the host cgroup namespace (--cgroupns=host) on cgroup v2'
    ELSE 'private cgroup namespace' END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN engines e ON e.engine_id = c.engine_id
WHERE c.running = 1
ORDER BY resource;
