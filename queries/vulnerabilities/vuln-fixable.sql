-- id: vuln-fixable
-- title: Fixable critical or high vulnerabilities in a running image
-- severity: high
-- section: vulnerabilities
-- cis: 4.4
-- rationale: A critical or high vulnerability with a fixed version available is the cheapest risk to remove: rebuild and recreate. Only images that running containers use are examined - what runs, not what sits on disk.
-- remediation: Rebuild the image on a patched base (or bump the package), push, pull and recreate the containers; then rescan.
-- Reads scan_images and vulnerabilities (schema/0003_scans.sql); a finding counts once per vulnerability ID, as critical when any scanner rates it so. Row severity: high when a critical one is fixable, medium for high only.
-- MATERIALIZED: scanned and labelled are worked out once; fixable starts from running, not labelled, and is read once (the worst finding is its first by row_number), so the scan_images and vulnerabilities views are each expanded once.
WITH running AS (
  SELECT DISTINCT engine_id, image_id FROM containers WHERE running = 1 AND image_id IS NOT NULL
),
-- Images with a scan attached, worked out once (attaching scans matches tags and digests).
scanned AS MATERIALIZED (
  SELECT DISTINCT engine_id, image_id FROM scan_images
),
labelled AS MATERIALIZED (
  SELECT r.engine_id, r.image_id,
    CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0
      THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END AS tag,
    EXISTS (SELECT 1 FROM scanned s WHERE s.engine_id = r.engine_id AND s.image_id = r.image_id) AS scanned
  FROM running r
  LEFT JOIN images i ON i.engine_id = r.engine_id AND i.image_id = r.image_id
),
fixable AS (
  SELECT l.engine_id, l.image_id, v.vulnerability_id, max(v.severity = 'critical') AS critical,
    min(v.package || ' ' || v.installed_version || ' (fixed in ' || v.fixed_version || ')') AS example,
    max(coalesce(v.cvss_score, 0)) AS cvss
  FROM running l
  JOIN vulnerabilities v ON v.image_id = l.image_id AND (v.engine_id IS NULL OR v.engine_id = l.engine_id)
  WHERE v.severity IN ('critical', 'high') AND coalesce(v.fixed_version, '') <> ''
  GROUP BY l.engine_id, l.image_id, v.vulnerability_id
),
per_image AS (
  SELECT engine_id, image_id, sum(critical) AS critical, sum(1 - critical) AS high,
    max(CASE WHEN rank = 1 THEN vulnerability_id || ' in ' || example END) AS worst
  FROM (SELECT f.*, row_number() OVER (PARTITION BY engine_id, image_id
                                        ORDER BY critical DESC, cvss DESC, vulnerability_id) AS rank
        FROM fixable f)
  GROUP BY engine_id, image_id
)
SELECT
  l.engine_id || '/images/' || l.image_id AS resource,
  CASE WHEN NOT l.scanned THEN 'skip' WHEN p.image_id IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  l.tag || ': ' || CASE WHEN NOT l.scanned THEN 'not scanned (see vuln-scan-coverage)'
    WHEN p.image_id IS NULL THEN 'no fixable critical or high vulnerability'
    ELSE CASE WHEN p.critical > 0 AND p.high > 0 THEN p.critical || ' critical and ' || p.high || ' high'
        WHEN p.critical > 0 THEN p.critical || ' critical' ELSE p.high || ' high' END
      || CASE WHEN p.critical + p.high = 1 THEN ' vulnerability has a fix: ' ELSE ' vulnerabilities have fixes, e.g. ' END
      || p.worst END AS reason,
  CASE WHEN p.critical > 0 THEN 'high' WHEN p.high > 0 THEN 'medium' END AS severity,
  l.engine_id, l.image_id
FROM labelled l
LEFT JOIN per_image p ON p.engine_id = l.engine_id AND p.image_id = l.image_id
ORDER BY resource;
