-- id: net-lateral-exposure
-- title: Internal container shares a network with an internet-facing one
-- severity: medium
-- section: network
-- cis:
-- rationale: A container that publishes nothing is still reachable from every container on its networks. When one of them publishes a port on all interfaces, compromising that front container gives a direct path to the "internal" one. Networks marked internal, or with inter-container traffic off, are not counted.
-- remediation: Split front and back networks (the front container joins both, backends only the back one), mark backend networks internal: true, or disable icc on them.
-- Row severity: high when the internal container is privileged or its image exposes an admin or data service port, medium otherwise.
-- MATERIALIZED: the networks binding published ports to an address of their own (few or none) are listed once; looked up in networks for each published port, they were read again for every one (19 ms at 5,000 containers).
WITH services(port, name) AS (
  VALUES (22, 'ssh'), (2375, 'docker api'), (2376, 'docker api'), (2379, 'etcd'), (3306, 'mysql'),
         (5432, 'postgresql'), (5984, 'couchdb'), (6379, 'redis'), (8500, 'consul'), (9200, 'elasticsearch'),
         (9300, 'elasticsearch'), (11211, 'memcached'), (15672, 'rabbitmq'), (27017, 'mongodb')
),
bound AS MATERIALIZED (
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
  JOIN containers c ON c.engine_id = p.engine_id AND c.container_id = p.container_id AND c.running = 1
  WHERE c.network_mode <> 'host'
),
facing AS (
  SELECT engine_id, container_id,
    group_concat(CASE WHEN ip = '' THEN '*' WHEN instr(ip, ':') > 0 AND ip NOT LIKE '[%' THEN '[' || ip || ']' ELSE ip END
      || ':' || coalesce(nullif(host_port, ''), '<random>') || '->' || container_port || '/' || protocol, ', ') AS ports
  FROM (SELECT * FROM bindings
        WHERE CASE WHEN host_ip = '' THEN ip IN ('', '0.0.0.0', '::')
                ELSE wildcard = 1 OR host_ip IN ('0.0.0.0', '::', '[::]') END
        ORDER BY container_port, protocol, ip)
  GROUP BY engine_id, container_id
),
flat AS (
  SELECT engine_id, name FROM networks
  WHERE internal = 0 AND coalesce(icc, 1) <> 0 AND coalesce(driver, '') NOT IN ('host', 'null', 'none')
),
members AS (
  SELECT cn.engine_id, cn.container_id, c.name AS container_name, cn.network_name
  FROM container_networks cn
  JOIN containers c ON c.engine_id = cn.engine_id AND c.container_id = cn.container_id AND c.running = 1
  -- Each membership is looked up among the flat networks: joined the other way round, every
  -- membership of the engine was read once per flat network (114 ms at 5,000 containers).
  WHERE (cn.engine_id, cn.network_name) IN (SELECT engine_id, name FROM flat)
),
-- What each flat network offers an attacker: its internet-facing members, listed once per
-- network (listing them per pair of members costs members x facing members per network).
facing_on AS (
  SELECT m.engine_id, m.network_name,
    group_concat(m.entry, '; ') AS via
  FROM (SELECT m.engine_id, m.network_name, m.container_name || ' (' || f.ports || ') on ' || m.network_name AS entry
        FROM members m
        JOIN facing f ON f.engine_id = m.engine_id AND f.container_id = m.container_id
        ORDER BY m.engine_id, m.network_name, entry) m
  GROUP BY m.engine_id, m.network_name
),
paths AS (
  SELECT engine_id, container_id, group_concat(via, '; ') AS via
  FROM (SELECT b.engine_id, b.container_id, o.via FROM members b
        JOIN facing_on o ON o.engine_id = b.engine_id AND o.network_name = b.network_name
        -- A container's paths in the order of their text, sorted by container first so that the
        -- long texts are rarely compared.
        ORDER BY b.engine_id, b.container_id, o.via)
  GROUP BY engine_id, container_id
),
-- The services each image exposes, worked out once per image (containers share images).
services_inside AS (
  SELECT engine_id, image_id, group_concat(what, ', ') AS what
  FROM (SELECT i.engine_id, i.image_id, s.name || ' ' || s.port AS what
        FROM (SELECT engine_id, image_id, ',' || replace(exposed_ports, ' ', '') || ',' AS ports
              FROM images WHERE coalesce(exposed_ports, '') <> '') i
        JOIN services s ON i.ports LIKE '%,' || s.port || '/%'
        ORDER BY s.port)
  GROUP BY engine_id, image_id
)
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN c.network_mode = 'host' THEN 'skip'
    WHEN fc.container_id IS NOT NULL THEN 'skip'
    WHEN p.via IS NOT NULL THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN c.network_mode = 'host' THEN 'host network (see ctr-host-network)'
    WHEN fc.container_id IS NOT NULL THEN 'internet-facing itself (see net-port-all-interfaces)'
    WHEN p.via IS NOT NULL THEN 'publishes nothing but is reachable from internet-facing ' || p.via
      || CASE WHEN c.privileged = 1 THEN '; it runs privileged' ELSE '' END
      || CASE WHEN si.what IS NOT NULL THEN '; its image exposes ' || si.what ELSE '' END
    ELSE 'shares no open network with an internet-facing container' END AS reason,
  CASE WHEN p.via IS NULL OR fc.container_id IS NOT NULL OR c.network_mode = 'host' THEN NULL
    WHEN c.privileged = 1 OR si.what IS NOT NULL THEN 'high' ELSE 'medium' END AS severity,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN facing fc ON fc.engine_id = c.engine_id AND fc.container_id = c.container_id
LEFT JOIN paths p ON p.engine_id = c.engine_id AND p.container_id = c.container_id
LEFT JOIN services_inside si ON si.engine_id = c.engine_id AND si.image_id = c.image_id
WHERE c.running = 1
ORDER BY resource;
