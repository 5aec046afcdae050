-- id: ctr-host-ipc
-- title: Host IPC namespace shared
-- severity: medium
-- section: container
-- per: container
-- cis: 5.17
-- rationale: With --ipc=host the container can read and write the host's System V shared memory and semaphores and attach to other processes' segments.
-- remediation: Recreate without --ipc=host; share IPC between containers with --ipc=shareable / container:<name> if needed.
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN c.ipc_mode = 'host' THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN c.ipc_mode = 'host' THEN 'shares the host IPC namespace (--ipc=host): host shared memory is reachable'
    ELSE 'IPC mode ' || coalesce(nullif(c.ipc_mode, ''), 'private') END AS reason,
  c.engine_id, c.container_id
FROM containers c
WHERE c.running = 1
ORDER BY resource;
