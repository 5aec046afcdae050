-- id: net-port-all-interfaces
-- title: Published port bound to all interfaces
-- severity: medium
-- section: network
-- per: container
-- cis: 5.14
-- rationale: -p 8080:80 binds every host interface, IPv4 and IPv6, so the service is reachable from any network the host is on - and Docker's NAT rules bypass ufw/firewalld INPUT rules. An empty host IP, 0.0.0.0 and :: are all wildcards (unless the network sets a default host binding address).
-- remediation: Publish on a specific address (-p 127.0.0.1:8080:80, or the internal interface's IP), or set the daemon's "ip" default to 127.0.0.1.
-- MATERIALIZED: the networks binding published ports to an address of their own (few or none) are listed once; looked up in networks for each published port, every network of the engine was read again for each copy of the lookup (31 ms at 5,000 containers, 19 ms with the list).
WITH bound AS MATERIALIZED (
  SELECT engine_id, name, host_binding_ipv4 FROM networks WHERE coalesce(host_binding_ipv4, '') <> ''
),
bindings AS (
  SELECT p.engine_id, p.container_id, p.container_port, p.protocol, p.host_port, p.host_ip, p.wildcard,
    CASE WHEN p.host_ip = '' THEN coalesce((
        SELECT n.host_binding_ipv4 FROM bound n
        WHERE n.engine_id = c.engine_id
          AND n.name = CASE WHEN coalesce(c.network_mode, '') IN ('', 'default') THEN 'bridge' ELSE c.network_mode END
        LIMIT 1), '')
      ELSE p.host_ip END AS ip
  FROM container_ports p
  JOIN containers c ON c.engine_id = p.engine_id AND c.container_id = p.container_id
),
judged AS (
  SELECT *,
    CASE WHEN host_ip = '' THEN ip IN ('', '0.0.0.0', '::')
      ELSE wildcard = 1 OR host_ip IN ('0.0.0.0', '::', '[::]') END AS wild,
    CASE WHEN ip = '' THEN '*' WHEN instr(ip, ':') > 0 AND ip NOT LIKE '[%' THEN '[' || ip || ']' ELSE ip END
      || ':' || coalesce(nullif(host_port, ''), '<random>') || '->' || container_port || '/' || protocol AS label
  FROM bindings
),
per_container AS (
  SELECT engine_id, container_id,
    group_concat(CASE WHEN wild THEN label END, ', ') AS wild_list,
    group_concat(CASE WHEN NOT wild THEN label END, ', ') AS specific_list
  FROM (SELECT * FROM judged ORDER BY container_port, protocol, label)
  GROUP BY engine_id, container_id
)
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN c.network_mode = 'host' THEN 'skip' WHEN b.wild_list IS NOT NULL THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN c.network_mode = 'host' THEN 'host network: its listeners are on the host''s interfaces without publishing (see ctr-host-network)'
    WHEN b.wild_list IS NOT NULL THEN 'binds ' || b.wild_list || ' on all interfaces'
    WHEN b.specific_list IS NOT NULL THEN 'binds only specific addresses: ' || b.specific_list
    ELSE 'publishes no ports' END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN per_container b ON b.engine_id = c.engine_id AND b.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
