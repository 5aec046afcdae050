-- id: ctr-host-network
-- title: Host network namespace shared
-- severity: high
-- section: container
-- per: container
-- cis: 5.10
-- rationale: With --network=host every port the container listens on is open on the host's interfaces without publishing, it can bind privileged host ports and reach services bound to the host's loopback.
-- remediation: Use a user-defined bridge network and publish only the needed ports with -p <ip>:<port>:<port>.
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN c.network_mode = 'host' THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN c.network_mode = 'host' THEN 'shares the host network namespace (--network=host): its listeners are on every host interface and it reaches host loopback services'
    ELSE 'network mode ' || coalesce(nullif(c.network_mode, ''), 'default') END AS reason,
  c.engine_id, c.container_id
FROM containers c
WHERE c.running = 1
ORDER BY resource;
