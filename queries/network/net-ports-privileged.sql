-- id: net-ports-privileged
-- title: Privileged host ports published (port inventory)
-- severity: low
-- section: network
-- per: container
-- cis: 5.8
-- rationale: Host ports below 1024 are reserved for system services; publishing them from a container needs a reason and hides which service answers there. The ports column lists every published binding for the open-port review of CIS 5.9.
-- remediation: Publish on a port of 1024 or above (-p 8443:443) and front it with the host's reverse proxy or load balancer if a low port is needed.
WITH bindings AS (
  SELECT engine_id, container_id,
    CASE WHEN host_ip = '' THEN '*' WHEN instr(host_ip, ':') > 0 AND host_ip NOT LIKE '[%' THEN '[' || host_ip || ']' ELSE host_ip END
      || ':' || coalesce(nullif(host_port, ''), '<random>') || '->' || container_port || '/' || protocol AS label,
    host_port <> '' AND CAST(host_port AS INTEGER) BETWEEN 1 AND 1023 AS low
  FROM container_ports
),
per_container AS (
  SELECT engine_id, container_id,
    group_concat(CASE WHEN low THEN label END, ', ') AS low_list,
    group_concat(label, ', ') AS all_list
  FROM (SELECT * FROM bindings ORDER BY label)
  GROUP BY engine_id, container_id
)
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN c.network_mode = 'host' THEN 'skip' WHEN b.low_list IS NOT NULL THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN c.network_mode = 'host' THEN 'host network: ports are not published, so they are not visible here'
    WHEN b.low_list IS NOT NULL THEN 'publishes host ports below 1024: ' || b.low_list
    WHEN b.all_list IS NOT NULL THEN 'publishes only host ports of 1024 or above'
    ELSE 'publishes no ports' END AS reason,
  coalesce(b.all_list, '') AS ports,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN per_container b ON b.engine_id = c.engine_id AND b.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
