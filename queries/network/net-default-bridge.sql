-- id: net-default-bridge
-- title: Container on the default bridge network
-- severity: low
-- section: network
-- per: container
-- cis: 5.30
-- rationale: Docker's default bridge (docker0) has no name-based discovery and, unless icc is off, no isolation between whatever happens to be attached; user-defined networks scope who can talk to whom. Podman has no docker0 and is skipped.
-- remediation: Create a user-defined network per application (docker network create app) and attach the containers to it instead of the default bridge.
WITH nets AS (
  SELECT engine_id, container_id, group_concat(network_name, ', ') AS names,
    max(network_name = 'bridge') AS on_bridge
  FROM (SELECT * FROM container_networks ORDER BY network_name)
  GROUP BY engine_id, container_id
),
judged AS (
  SELECT c.engine_id, c.container_id, c.name, c.network_mode, e.kind, n.names,
    coalesce(n.on_bridge, 0) = 1 OR (n.names IS NULL AND coalesce(c.network_mode, '') IN ('bridge', 'default')) AS on_bridge
  FROM containers c
  LEFT JOIN engines e ON e.engine_id = c.engine_id
  LEFT JOIN nets n ON n.engine_id = c.engine_id AND n.container_id = c.container_id
  WHERE c.running = 1
)
SELECT
  engine_id || '/containers/' || name AS resource,
  CASE WHEN kind = 'podman' THEN 'skip' WHEN on_bridge THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN kind = 'podman' THEN 'podman engine: there is no docker0 default bridge'
    WHEN on_bridge THEN 'attached to the default bridge network (docker0)'
      || CASE WHEN names IS NOT NULL AND names <> 'bridge' THEN '; networks: ' || names ELSE '' END
    WHEN names IS NOT NULL THEN 'on user-defined networks: ' || names
    ELSE 'network mode ' || coalesce(nullif(network_mode, ''), 'default') END AS reason,
  engine_id, container_id
FROM judged
ORDER BY resource;
