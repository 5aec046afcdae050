-- id: ctr-host-pid
-- title: Host PID namespace shared
-- severity: high
-- section: container
-- per: container
-- cis: 5.16
-- rationale: With --pid=host the container sees every host process, can signal them and, with ptrace or root, read their memory and environment.
-- remediation: Recreate without --pid=host.
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN c.pid_mode = 'host' THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN c.pid_mode = 'host' THEN 'shares the host PID namespace (--pid=host): sees and can signal every host process'
    WHEN c.pid_mode LIKE 'container:%' THEN 'shares the PID namespace of ' || c.pid_mode
    ELSE 'private PID namespace' END AS reason,
  c.engine_id, c.container_id
FROM containers c
WHERE c.running = 1
ORDER BY resource;
