-- id: vuln-scanner-db-stale
-- title: Scan made with an outdated vulnerability database
-- severity: low
-- section: vulnerabilities
-- cis: 4.4
-- rationale: A scanner whose database was last updated long before the scan reports only what was known then; a fresh scan date on an old database gives false comfort.
-- remediation: Update the scanner database before scanning (trivy image --download-db-only, grype db update) or let it update automatically; rescan.
-- Reads scan_images and scans (schema/0003_scans.sql). Judges each running image's newest scan; reports that do not give their database date (Trivy JSON, Snyk) are skipped. Compares the scan with its database, never with the snapshot's time: changes_at is always NULL (it reads snapshots only for when an undated scan was first recorded).
WITH running AS (
  SELECT DISTINCT engine_id, image_id FROM containers WHERE running = 1 AND image_id IS NOT NULL
),
attached AS (
  SELECT si.engine_id, si.image_id, s.scanner, s.db_updated_at,
    coalesce(s.scanned_at, (SELECT n.taken_at FROM snapshots n WHERE n.id = s.valid_from)) AS seen_at
  FROM scan_images si
  JOIN scans s ON s.scan_id = si.scan_id
),
newest AS (
  SELECT * FROM (
    SELECT a.*, row_number() OVER (PARTITION BY engine_id, image_id ORDER BY seen_at DESC, scanner) AS rn
    FROM attached a)
  WHERE rn = 1
),
judged AS (
  SELECT r.engine_id, r.image_id, n.scanner, n.db_updated_at, n.seen_at, n.engine_id AS scanned,
    julianday(n.seen_at) - julianday(n.db_updated_at) > 7 AS stale,
    CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0
      THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END AS tag
  FROM running r
  LEFT JOIN newest n ON n.engine_id = r.engine_id AND n.image_id = r.image_id
  LEFT JOIN images i ON i.engine_id = r.engine_id AND i.image_id = r.image_id
)
SELECT
  engine_id || '/images/' || image_id AS resource,
  CASE WHEN scanned IS NULL OR db_updated_at IS NULL THEN 'skip' WHEN stale THEN 'alarm' ELSE 'ok' END AS status,
  tag || ': ' || CASE WHEN scanned IS NULL THEN 'not scanned (see vuln-scan-coverage)'
    WHEN db_updated_at IS NULL THEN 'the ' || scanner || ' report does not give its database date'
    WHEN stale THEN scanner || ' scanned on ' || substr(seen_at, 1, 10) || ' with a database from ' || substr(db_updated_at, 1, 10)
    ELSE scanner || ' database from ' || substr(db_updated_at, 1, 10) || ', current at the scan on ' || substr(seen_at, 1, 10) END AS reason,
  NULL AS changes_at,
  engine_id, image_id
FROM judged
ORDER BY resource;
