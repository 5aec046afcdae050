-- id: vuln-exposed-critical
-- title: Critical vulnerability in an exposed or over-privileged container
-- severity: critical
-- section: vulnerabilities
-- per: container
-- cis:
-- rationale: A critical vulnerability matters most where an attacker can reach it (a port published on all interfaces, or the host network) or where exploiting it gives the host (privileged, engine socket mounted). These pairs go first in any patch queue, fixable or not.
-- remediation: Patch and recreate these containers first; meanwhile bind their ports to specific addresses, drop the privilege and remove the socket mount.
-- Reads scan_images and vulnerabilities (schema/0003_scans.sql). Wildcard bindings as in net-port-all-interfaces: '', 0.0.0.0 and :: unless the network sets a default host binding address.
-- MATERIALIZED: bindings works out each port's address once (flattened, its network lookup was copied into every use of ip); scanned is joined once, not tested by an EXISTS copied into status and reason. bound lists the networks binding published ports to an address of their own (few or none) once: looked up in networks, every network of the engine was read again for each published port (31 ms at 5,000 containers, 24 ms with the list).
WITH crit AS (
  SELECT r.engine_id, r.image_id, count(DISTINCT v.vulnerability_id) AS n, min(v.vulnerability_id) AS example
  FROM (SELECT DISTINCT engine_id, image_id FROM containers WHERE running = 1) r
  JOIN vulnerabilities v ON v.image_id = r.image_id AND (v.engine_id IS NULL OR v.engine_id = r.engine_id)
  WHERE v.severity = 'critical'
  GROUP BY r.engine_id, r.image_id
),
bound AS MATERIALIZED (
  SELECT engine_id, name, host_binding_ipv4 FROM networks WHERE coalesce(host_binding_ipv4, '') <> ''
),
bindings AS MATERIALIZED (
  SELECT p.engine_id, p.container_id, p.container_port, p.protocol, p.host_port, p.host_ip, p.wildcard,
    CASE WHEN p.host_ip = '' THEN coalesce((
        SELECT n.host_binding_ipv4 FROM bound n
        WHERE n.engine_id = c.engine_id
          AND n.name = CASE WHEN coalesce(c.network_mode, '') IN ('', 'default') THEN 'bridge' ELSE c.network_mode END
        LIMIT 1), '')
      ELSE p.host_ip END AS ip
  FROM container_ports p
  JOIN containers c ON c.engine_id = p.engine_id AND c.container_id = p.container_id
  WHERE coalesce(c.network_mode, '') <> 'host'
),
wild AS (
  SELECT engine_id, container_id, group_concat(label, ', ') AS ports
  FROM (
    SELECT engine_id, container_id,
      CASE WHEN ip = '' THEN '*' WHEN instr(ip, ':') > 0 AND ip NOT LIKE '[%' THEN '[' || ip || ']' ELSE ip END
        || ':' || coalesce(nullif(host_port, ''), '<random>') || '->' || container_port || '/' || protocol AS label
    FROM bindings
    WHERE CASE WHEN host_ip = '' THEN ip IN ('', '0.0.0.0', '::') ELSE wildcard = 1 OR host_ip IN ('0.0.0.0', '::', '[::]') END
    ORDER BY container_port, protocol, label)
  GROUP BY engine_id, container_id
),
sockets AS (
  SELECT DISTINCT m.engine_id, m.container_id
  FROM container_mounts m
  LEFT JOIN volumes v ON v.engine_id = m.engine_id AND v.name = m.volume_name
  WHERE m.type IN ('bind', 'volume')
    AND (CASE WHEN m.type = 'volume' THEN v.bind_device ELSE m.source END LIKE '%/docker.sock'
      OR CASE WHEN m.type = 'volume' THEN v.bind_device ELSE m.source END LIKE '%/containerd.sock'
      OR CASE WHEN m.type = 'volume' THEN v.bind_device ELSE m.source END LIKE '%/podman.sock'
      OR CASE WHEN m.type = 'volume' THEN v.bind_device ELSE m.source END LIKE '%/crio.sock'
      OR rtrim(CASE WHEN m.type = 'volume' THEN v.bind_device ELSE m.source END, '/') IN
        ('/run', '/var/run', '/run/containerd', '/var/run/containerd', '/run/podman', '/var/run/podman', '/run/docker', '/var/run/docker'))
),
-- Images with a scan attached, worked out once (attaching scans matches tags and digests).
scanned AS MATERIALIZED (
  SELECT DISTINCT engine_id, image_id FROM scan_images
),
exposure AS (
  SELECT c.engine_id, c.container_id, c.name, c.image_id,
    s.image_id IS NOT NULL AS scanned,
    trim(
      CASE WHEN w.ports IS NOT NULL THEN 'publishes ' || w.ports || ' on all interfaces, ' ELSE '' END
      || CASE WHEN c.network_mode = 'host' THEN 'uses the host network, ' ELSE '' END
      || CASE WHEN c.privileged = 1 THEN 'is privileged, ' ELSE '' END
      || CASE WHEN k.container_id IS NOT NULL THEN 'has the engine socket mounted, ' ELSE '' END, ', ') AS what
  FROM containers c
  LEFT JOIN wild w ON w.engine_id = c.engine_id AND w.container_id = c.container_id
  LEFT JOIN sockets k ON k.engine_id = c.engine_id AND k.container_id = c.container_id
  LEFT JOIN scanned s ON s.engine_id = c.engine_id AND s.image_id = c.image_id
  WHERE c.running = 1
)
SELECT
  x.engine_id || '/containers/' || x.name AS resource,
  CASE WHEN NOT x.scanned THEN 'skip'
    WHEN v.n IS NOT NULL AND x.what <> '' THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN NOT x.scanned THEN 'its image is not scanned (see vuln-scan-coverage)'
    WHEN v.n IS NOT NULL AND x.what <> '' THEN
      CASE WHEN v.n = 1 THEN '1 critical vulnerability (' || v.example || ')' ELSE v.n || ' critical vulnerabilities (e.g. ' || v.example || ')' END
      || ' in a container that ' || x.what
    WHEN v.n IS NOT NULL THEN v.n || ' critical vulnerabilities, but the container has no wildcard port, host network, privilege or engine socket'
    ELSE 'no critical vulnerability in its image' END AS reason,
  x.engine_id, x.container_id, x.image_id
FROM exposure x
LEFT JOIN crit v ON v.engine_id = x.engine_id AND v.image_id = x.image_id
ORDER BY resource;
