-- id: vuln-scan-coverage
-- title: Running image unscanned, or its scan is stale
-- severity: medium
-- section: vulnerabilities
-- cis: 4.4
-- rationale: "0 vulnerabilities" means nothing for an image nobody scanned; a scan older than a week misses everything published since. Age is measured against the snapshot's own time.
-- remediation: Scan images on pull and daily (posture collect --scan, or import Trivy/Grype/Snyk reports with posture import).
-- Reads scan_images and scans (schema/0003_scans.sql): a scan attaches by image ID, repo digest or repo tag. A report without a scan time (Snyk) counts from the snapshot that first recorded it. Row severity: medium when never scanned, low when the newest scan is over 7 days old.
WITH running AS (
  SELECT DISTINCT engine_id, image_id FROM containers WHERE running = 1 AND image_id IS NOT NULL
),
now AS (SELECT (SELECT taken_at FROM snapshots ORDER BY id DESC LIMIT 1) AS taken_at),
attached AS (
  SELECT si.engine_id, si.image_id, s.scanner, si.match_kind, s.scanned_at IS NULL AS undated,
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
  SELECT r.engine_id, r.image_id, n.scanner, n.match_kind, n.undated, n.seen_at, n.engine_id AS scanned,
    julianday(now.taken_at) - julianday(n.seen_at) > 7 AS stale,
    CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0
      THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END AS tag
  FROM running r
  CROSS JOIN now
  LEFT JOIN newest n ON n.engine_id = r.engine_id AND n.image_id = r.image_id
  LEFT JOIN images i ON i.engine_id = r.engine_id AND i.image_id = r.image_id
)
SELECT
  engine_id || '/images/' || image_id AS resource,
  CASE WHEN scanned IS NULL OR stale THEN 'alarm' ELSE 'ok' END AS status,
  tag || ': ' || CASE WHEN scanned IS NULL THEN 'used by a running container but never scanned'
    ELSE CASE WHEN undated THEN scanner || ' report first recorded ' || substr(seen_at, 1, 10) || ' (it gives no scan time)'
        ELSE 'newest scan by ' || scanner || ' on ' || substr(seen_at, 1, 10) END
      || CASE WHEN match_kind = 'repo_tag' THEN ', matched by tag' WHEN match_kind = 'repo_digest' THEN ', matched by digest' ELSE '' END
      || CASE WHEN stale THEN ', more than 7 days before the snapshot' ELSE ', within 7 days of the snapshot' END END AS reason,
  CASE WHEN scanned IS NULL THEN 'medium' WHEN stale THEN 'low' END AS severity,
  CASE WHEN scanned IS NOT NULL AND NOT stale THEN datetime(seen_at, '+7 days') END AS changes_at,
  engine_id, image_id
FROM judged
ORDER BY resource;
