-- id: res-pids
-- title: No PIDs limit
-- severity: medium
-- section: resources
-- per: container
-- cis: 5.29
-- rationale: Without a PIDs limit a fork bomb or runaway worker pool inside one container exhausts the host's process table and takes down every other container.
-- remediation: Recreate with --pids-limit (e.g. 256), or set a default through the engine (Podman: pids_limit in containers.conf).
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN coalesce(c.pids_limit, 0) > 0 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN coalesce(c.pids_limit, 0) > 0 THEN 'PIDs limit ' || c.pids_limit
    ELSE 'no PIDs limit: a fork bomb can exhaust the host''s process table' END AS reason,
  c.engine_id, c.container_id
FROM containers c
WHERE c.running = 1
ORDER BY resource;
