-- id: net-default-bridge
-- title: Container on the default bridge network
-- severity: low
-- section: network
-- cis: 5.30
-- rationale: The default bridge has no name-based discovery and, unless icc is off, no isolation between whatever happens to be attached; user-defined networks scope who can talk to whom.
-- remediation: Create a user-defined network per application (docker network create app) and attach the containers to it instead of the default bridge.
WITH attached AS (
  SELECT DISTINCT cn.engine_id, cn.container_id
  FROM container_networks cn
  LEFT JOIN networks n ON n.engine_id = cn.engine_id AND n.name = cn.network_name
  WHERE cn.network_name = 'bridge' AND coalesce(n.driver, 'bridge') = 'bridge'
),
nets AS (
  SELECT engine_id, container_id, group_concat(network_name, ', ') AS names
  FROM (SELECT * FROM container_networks ORDER BY network_name)
  GROUP BY engine_id, container_id
)
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN a.container_id IS NOT NULL THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN a.container_id IS NOT NULL THEN 'attached to the default bridge network'
      || CASE WHEN nets.names <> 'bridge' THEN ' (networks: ' || nets.names || ')' ELSE '' END
    WHEN nets.names IS NOT NULL THEN 'on user-defined networks: ' || nets.names
    ELSE 'network mode ' || coalesce(nullif(c.network_mode, ''), 'default') END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN attached a ON a.engine_id = c.engine_id AND a.container_id = c.container_id
LEFT JOIN nets ON nets.engine_id = c.engine_id AND nets.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
