-- id: vuln-critical-unfixed
-- title: Critical vulnerabilities without a fix in a running image (review)
-- severity: info
-- section: vulnerabilities
-- cis: 4.4
-- rationale: A critical vulnerability with no fixed version can not be patched away; it needs a decision - a different base image, removing the package, or compensating controls.
-- remediation: Check whether the package is needed; switch to a base image without it (distroless, slim) or mitigate and record the exception.
-- Needs: vulnerabilities, scans (schema/0003_scans.sql).
WITH running AS (
  SELECT DISTINCT engine_id, image_id FROM containers WHERE running = 1 AND image_id IS NOT NULL
),
unfixed AS (
  SELECT image_id, count(DISTINCT vulnerability_id) AS n, min(vulnerability_id) AS example
  FROM vulnerabilities
  WHERE lower(severity) = 'critical' AND coalesce(fixed_version, '') = ''
  GROUP BY image_id
)
SELECT
  r.engine_id || '/images/' || r.image_id AS resource,
  CASE WHEN NOT EXISTS (SELECT 1 FROM scans s WHERE s.image_id = r.image_id) THEN 'skip'
    WHEN u.n IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN NOT EXISTS (SELECT 1 FROM scans s WHERE s.image_id = r.image_id) THEN 'image not scanned (see vuln-scan-coverage)'
    WHEN u.n IS NULL THEN 'no critical vulnerability without a fix'
    ELSE u.n || ' critical vulnerabilities have no fixed version yet (e.g. ' || u.example || '): decide on mitigation' END AS reason,
  r.engine_id, r.image_id
FROM running r
LEFT JOIN unfixed u ON u.image_id = r.image_id
ORDER BY resource;
