-- id: res-cgroups-degraded
-- title: Engine cannot enforce resource limits fully
-- severity: high
-- section: resources
-- cis:
-- rationale: With cgroup driver none (rootless on cgroup v1) the engine keeps --memory and --cpus in the container config but the kernel enforces none of them; /info may still claim limit support (moby#42151). cgroup v1 lacks delegation and several v2 controls.
-- remediation: Boot the host with the unified cgroup v2 hierarchy and the systemd cgroup driver; for rootless engines delegate cpu, cpuset, io, memory and pids to user@.service.
-- Row severity: high for driver none, low for cgroup v1.
SELECT
  e.engine_id AS resource,
  CASE WHEN e.cgroup_driver = 'none' THEN 'alarm'
    WHEN e.cgroup_version = '1' THEN 'alarm'
    WHEN e.cgroup_version IS NULL AND e.cgroup_driver IS NULL THEN 'skip'
    ELSE 'ok' END AS status,
  CASE WHEN e.cgroup_driver = 'none' THEN 'cgroup driver none: no limit is enforced for the '
      || (SELECT count(*) FROM containers c WHERE c.engine_id = e.engine_id AND c.running = 1) || ' running containers, whatever their configuration says'
    WHEN e.cgroup_version = '1' THEN 'cgroup v1 (driver ' || coalesce(e.cgroup_driver, '?') || '): limits are enforced, but without delegation or v2 controls'
    WHEN e.cgroup_version IS NULL AND e.cgroup_driver IS NULL THEN 'cgroup version and driver not reported'
    ELSE 'cgroup v' || coalesce(e.cgroup_version, '?') || ' with the ' || coalesce(e.cgroup_driver, '?') || ' driver' END AS reason,
  CASE WHEN e.cgroup_driver = 'none' THEN 'high' WHEN e.cgroup_version = '1' THEN 'low' END AS severity
FROM engines e
ORDER BY resource;
