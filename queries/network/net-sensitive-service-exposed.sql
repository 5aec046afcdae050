-- id: net-sensitive-service-exposed
-- title: Admin or data service published on all interfaces
-- severity: high
-- section: network
-- per: container
-- cis:
-- rationale: SSH, the Docker API, etcd, databases, caches, search and message-broker admin ports published on every interface are the first thing scanners try; many of them ship without authentication by default (Redis, Memcached, Elasticsearch, the plain Docker API on 2375).
-- remediation: Publish these only on loopback or a private address (-p 127.0.0.1:5432:5432), require authentication, and reach them through a VPN or bastion.
-- Row severity: critical for the Docker API (2375, 2376), high otherwise. Both the container port and the host port are compared with the list.
WITH services(port, name) AS (
  VALUES (22, 'ssh'), (2375, 'docker api'), (2376, 'docker api (tls)'), (2379, 'etcd'), (3306, 'mysql'),
         (5432, 'postgresql'), (5984, 'couchdb'), (6379, 'redis'), (8500, 'consul'), (9200, 'elasticsearch'),
         (9300, 'elasticsearch transport'), (11211, 'memcached'), (15672, 'rabbitmq management'), (27017, 'mongodb')
),
bindings AS (
  SELECT p.engine_id, p.container_id, p.container_port, p.protocol, p.host_port, p.host_ip, p.wildcard,
    CASE WHEN p.host_ip = '' THEN coalesce((
        SELECT n.host_binding_ipv4 FROM networks n
        WHERE n.engine_id = c.engine_id AND coalesce(n.host_binding_ipv4, '') <> ''
          AND n.name = CASE WHEN coalesce(c.network_mode, '') IN ('', 'default') THEN 'bridge' ELSE c.network_mode END
        LIMIT 1), '')
      ELSE p.host_ip END AS ip
  FROM container_ports p
  JOIN containers c ON c.engine_id = p.engine_id AND c.container_id = p.container_id
),
exposed AS (
  SELECT b.engine_id, b.container_id, s.port,
    s.name || ' (' || CASE WHEN b.ip = '' THEN '*' WHEN instr(b.ip, ':') > 0 AND b.ip NOT LIKE '[%' THEN '[' || b.ip || ']' ELSE b.ip END
      || ':' || coalesce(nullif(b.host_port, ''), '<random>') || '->' || b.container_port || '/' || b.protocol || ')' AS label
  FROM bindings b
  JOIN services s ON s.port = b.container_port OR (b.host_port <> '' AND s.port = CAST(b.host_port AS INTEGER))
  WHERE CASE WHEN b.host_ip = '' THEN b.ip IN ('', '0.0.0.0', '::')
          ELSE b.wildcard = 1 OR b.host_ip IN ('0.0.0.0', '::', '[::]') END
),
per_container AS (
  SELECT engine_id, container_id, max(port IN (2375, 2376)) AS docker_api, group_concat(label, ', ') AS what
  FROM (SELECT DISTINCT * FROM exposed ORDER BY label)
  GROUP BY engine_id, container_id
)
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN x.what IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN x.what IS NULL THEN 'no admin or data service port published on all interfaces'
    ELSE 'publishes ' || x.what || ' on all interfaces' END AS reason,
  CASE WHEN x.what IS NULL THEN NULL WHEN x.docker_api = 1 THEN 'critical' ELSE 'high' END AS severity,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN per_container x ON x.engine_id = c.engine_id AND x.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
