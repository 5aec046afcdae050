-- id: net-default-bridge-icc
-- title: Unrestricted inter-container traffic on the default bridge
-- severity: medium
-- section: network
-- cis: 2.2
-- rationale: With icc enabled on the default bridge (docker0), every container attached to it can reach every port of every other one; one compromised container can probe the rest.
-- remediation: Set "icc": false in daemon.json and restart the daemon; put services that must talk on user-defined networks.
SELECT
  n.engine_id || '/networks/' || n.name AS resource,
  CASE WHEN n.icc = 0 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN n.icc = 0 THEN 'inter-container traffic disabled on the default bridge'
    ELSE 'inter-container traffic ' || CASE WHEN n.icc IS NULL THEN 'not restricted' ELSE 'enabled' END
      || ' on the default bridge: ' || (SELECT count(DISTINCT cn.container_id) FROM container_networks cn
          JOIN containers c ON c.engine_id = cn.engine_id AND c.container_id = cn.container_id AND c.running = 1
          WHERE cn.engine_id = n.engine_id AND cn.network_name = n.name)
      || ' running containers on it can reach each other freely' END AS reason,
  n.engine_id
FROM networks n
WHERE n.name = 'bridge' AND coalesce(n.driver, 'bridge') = 'bridge'
ORDER BY resource;
