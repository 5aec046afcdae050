-- id: vuln-scanner-db-stale
-- title: Scan made with an outdated vulnerability database
-- severity: low
-- section: vulnerabilities
-- cis: 4.4
-- rationale: A scanner whose database was last updated long before the scan reports only what was known then; a fresh scan date on an old database gives false comfort.
-- remediation: Update the scanner database before scanning (trivy image --download-db-only, grype db update) or let it update automatically; rescan.
-- Needs: scans (schema/0003_scans.sql). Judges each running image's newest scan.
WITH running AS (
  SELECT DISTINCT engine_id, image_id FROM containers WHERE running = 1 AND image_id IS NOT NULL
),
newest AS (
  SELECT s.* FROM scans s
  WHERE s.scanned_at = (SELECT max(o.scanned_at) FROM scans o WHERE o.image_id = s.image_id)
)
SELECT
  r.engine_id || '/images/' || r.image_id AS resource,
  CASE WHEN n.image_id IS NULL THEN 'skip'
    WHEN n.db_updated_at IS NULL THEN 'skip'
    WHEN julianday(n.scanned_at) - julianday(n.db_updated_at) > 7 THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN n.image_id IS NULL THEN 'image not scanned (see vuln-scan-coverage)'
    WHEN n.db_updated_at IS NULL THEN n.scanner || ' did not report its database date'
    WHEN julianday(n.scanned_at) - julianday(n.db_updated_at) > 7 THEN n.scanner || ' scanned on ' || substr(n.scanned_at, 1, 10)
      || ' with a database from ' || substr(n.db_updated_at, 1, 10)
    ELSE n.scanner || ' database from ' || substr(n.db_updated_at, 1, 10) || ', current at scan time' END AS reason,
  r.engine_id, r.image_id
FROM running r
LEFT JOIN newest n ON n.image_id = r.image_id
GROUP BY r.engine_id, r.image_id
ORDER BY resource;
