-- id: vuln-critical-unfixed
-- title: Critical vulnerabilities without a fix in a running image (review)
-- severity: info
-- section: vulnerabilities
-- cis: 4.4
-- rationale: A critical vulnerability with no fixed version can not be patched away; it needs a decision - a different base image, removing the package, or compensating controls.
-- remediation: Check whether the package is needed; switch to a base image without it (distroless, slim) or mitigate and record the exception.
-- Reads scan_images and vulnerabilities (schema/0003_scans.sql); only images that running containers use are examined.
-- MATERIALIZED: scanned and labelled are worked out once; unfixed starts from running, not labelled, so the scan_images view is expanded once instead of once per reference and of each image.
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
unfixed AS (
  SELECT l.engine_id, l.image_id, count(DISTINCT v.vulnerability_id) AS n,
    min(v.vulnerability_id || ' in ' || v.package || ' ' || v.installed_version) AS example
  FROM running l
  JOIN vulnerabilities v ON v.image_id = l.image_id AND (v.engine_id IS NULL OR v.engine_id = l.engine_id)
  WHERE v.severity = 'critical' AND coalesce(v.fixed_version, '') = ''
  GROUP BY l.engine_id, l.image_id
)
SELECT
  l.engine_id || '/images/' || l.image_id AS resource,
  CASE WHEN NOT l.scanned THEN 'skip' WHEN u.n IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  l.tag || ': ' || CASE WHEN NOT l.scanned THEN 'not scanned (see vuln-scan-coverage)'
    WHEN u.n IS NULL THEN 'no critical vulnerability without a fix'
    WHEN u.n = 1 THEN '1 critical vulnerability has no fixed version yet (' || u.example || '): decide on mitigation'
    ELSE u.n || ' critical vulnerabilities have no fixed version yet (e.g. ' || u.example || '): decide on mitigation' END AS reason,
  l.engine_id, l.image_id
FROM labelled l
LEFT JOIN unfixed u ON u.engine_id = l.engine_id AND u.image_id = l.image_id
ORDER BY resource;
