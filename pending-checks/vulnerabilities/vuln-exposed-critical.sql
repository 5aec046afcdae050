-- id: vuln-exposed-critical
-- title: Critical vulnerability in an exposed or over-privileged container
-- severity: critical
-- section: vulnerabilities
-- cis:
-- rationale: A critical vulnerability matters most where an attacker can reach it (a port published on all interfaces) or where exploiting it gives the host (privileged, host network, engine socket mounted). These pairs go first in any patch queue.
-- remediation: Patch and recreate these containers first; meanwhile bind their ports to specific addresses and remove the privilege.
-- Needs: vulnerabilities, scans (schema/0003_scans.sql).
WITH crit AS (
  SELECT image_id, count(DISTINCT vulnerability_id) AS n, min(vulnerability_id) AS example
  FROM vulnerabilities WHERE lower(severity) = 'critical'
  GROUP BY image_id
),
exposure AS (
  SELECT c.engine_id, c.container_id,
    trim(
      CASE WHEN EXISTS (SELECT 1 FROM container_ports p WHERE p.engine_id = c.engine_id AND p.container_id = c.container_id
                        AND (p.wildcard = 1 OR p.host_ip IN ('', '0.0.0.0', '::'))) THEN 'publishes a port on all interfaces, ' ELSE '' END
      || CASE WHEN c.privileged = 1 THEN 'privileged, ' ELSE '' END
      || CASE WHEN c.network_mode = 'host' THEN 'host network, ' ELSE '' END
      || CASE WHEN EXISTS (SELECT 1 FROM container_mounts m WHERE m.engine_id = c.engine_id AND m.container_id = c.container_id
                           AND (m.source LIKE '%/docker.sock' OR m.source LIKE '%/podman.sock' OR m.source LIKE '%/containerd.sock'))
        THEN 'engine socket mounted, ' ELSE '' END, ', ') AS what
  FROM containers c
  WHERE c.running = 1
)
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN NOT EXISTS (SELECT 1 FROM scans s WHERE s.image_id = c.image_id) THEN 'skip'
    WHEN v.n IS NOT NULL AND x.what <> '' THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN NOT EXISTS (SELECT 1 FROM scans s WHERE s.image_id = c.image_id) THEN 'image not scanned (see vuln-scan-coverage)'
    WHEN v.n IS NOT NULL AND x.what <> '' THEN v.n || ' critical vulnerabilities (e.g. ' || v.example || ') in a container that ' || x.what
    WHEN v.n IS NOT NULL THEN v.n || ' critical vulnerabilities, but the container is neither exposed nor privileged'
    ELSE 'no critical vulnerability in its image' END AS reason,
  c.engine_id, c.container_id
FROM containers c
JOIN exposure x ON x.engine_id = c.engine_id AND x.container_id = c.container_id
LEFT JOIN crit v ON v.image_id = c.image_id
WHERE c.running = 1
ORDER BY resource;
