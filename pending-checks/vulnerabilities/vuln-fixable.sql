-- id: vuln-fixable
-- title: Fixable critical or high vulnerabilities in a running image
-- severity: high
-- section: vulnerabilities
-- cis: 4.4
-- rationale: A critical or high vulnerability with a fixed version available is the cheapest risk to remove: rebuild and recreate. Only images that running containers use are examined - what runs, not what sits on disk.
-- remediation: Rebuild the image on a patched base (or bump the package), push, pull and recreate the containers; then rescan.
-- Needs: vulnerabilities (schema/0003_scans.sql). Row severity: high when a critical one is fixable, medium for high only.
WITH running AS (
  SELECT DISTINCT engine_id, image_id FROM containers WHERE running = 1 AND image_id IS NOT NULL
),
fixable AS (
  SELECT DISTINCT v.image_id, v.vulnerability_id, v.package, v.installed_version, v.fixed_version,
    lower(v.severity) AS severity, coalesce(v.cvss_score, 0) AS cvss
  FROM vulnerabilities v
  WHERE lower(v.severity) IN ('critical', 'high') AND coalesce(v.fixed_version, '') <> ''
),
per_image AS (
  SELECT image_id,
    count(DISTINCT CASE WHEN severity = 'critical' THEN vulnerability_id END) AS critical,
    count(DISTINCT CASE WHEN severity = 'high' THEN vulnerability_id END) AS high,
    (SELECT f2.vulnerability_id || ' in ' || f2.package || ' ' || coalesce(f2.installed_version, '?') || ' (fixed in ' || f2.fixed_version || ')'
     FROM fixable f2 WHERE f2.image_id = f.image_id
     ORDER BY f2.severity = 'critical' DESC, f2.cvss DESC, f2.vulnerability_id LIMIT 1) AS worst
  FROM fixable f
  GROUP BY image_id
)
SELECT
  r.engine_id || '/images/' || r.image_id AS resource,
  CASE WHEN NOT EXISTS (SELECT 1 FROM scans s WHERE s.image_id = r.image_id) THEN 'skip'
    WHEN p.image_id IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN NOT EXISTS (SELECT 1 FROM scans s WHERE s.image_id = r.image_id) THEN 'image not scanned (see vuln-scan-coverage)'
    WHEN p.image_id IS NULL THEN 'no fixable critical or high vulnerability'
    ELSE p.critical || ' critical and ' || p.high || ' high vulnerabilities have fixes, e.g. ' || p.worst END AS reason,
  CASE WHEN p.critical > 0 THEN 'high' WHEN p.high > 0 THEN 'medium' END AS severity,
  r.engine_id, r.image_id
FROM running r
LEFT JOIN per_image p ON p.image_id = r.image_id
ORDER BY resource;
