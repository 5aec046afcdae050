-- id: vuln-scan-coverage
-- title: Running image unscanned, or its scan is stale
-- severity: medium
-- section: vulnerabilities
-- cis: 4.4
-- rationale: "0 vulnerabilities" means nothing for an image nobody scanned; a scan older than a week misses everything published since. Age is measured against the snapshot's own time.
-- remediation: Scan images on pull and daily (posture collect --scan, or import Trivy/Grype/Snyk reports with posture import).
-- Needs: scans (schema/0003_scans.sql). Row severity: medium when never scanned, low when the newest scan is over 7 days old.
WITH running AS (
  SELECT DISTINCT engine_id, image_id FROM containers WHERE running = 1 AND image_id IS NOT NULL
),
latest AS (
  SELECT image_id, max(scanned_at) AS scanned_at FROM scans GROUP BY image_id
),
now AS (SELECT (SELECT taken_at FROM snapshots ORDER BY id DESC LIMIT 1) AS taken_at)
SELECT
  r.engine_id || '/images/' || r.image_id AS resource,
  CASE WHEN l.image_id IS NULL THEN 'alarm'
    WHEN julianday(now.taken_at) - julianday(l.scanned_at) > 7 THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN l.image_id IS NULL THEN 'used by a running container but never scanned'
    WHEN julianday(now.taken_at) - julianday(l.scanned_at) > 7 THEN 'newest scan from ' || substr(l.scanned_at, 1, 10) || ', more than 7 days before the snapshot'
    ELSE 'scanned ' || substr(l.scanned_at, 1, 10) || ', within 7 days of the snapshot' END AS reason,
  CASE WHEN l.image_id IS NULL THEN 'medium' WHEN julianday(now.taken_at) - julianday(l.scanned_at) > 7 THEN 'low' END AS severity,
  r.engine_id, r.image_id
FROM running r
CROSS JOIN now
LEFT JOIN latest l ON l.image_id = r.image_id
ORDER BY resource;
