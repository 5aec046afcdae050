-- id: img-healthcheck
-- title: Image has no healthcheck
-- severity: low
-- section: image
-- per: image
-- cis: 4.6
-- rationale: A HEALTHCHECK in the image lets every engine that runs it tell a working service from a hung one without per-deployment configuration.
-- remediation: Add a HEALTHCHECK instruction (HEALTHCHECK CMD curl -f http://localhost/ || exit 1, or a small built-in probe for distroless images).
SELECT
  i.engine_id || '/images/' || i.image_id AS resource,
  CASE WHEN upper(trim(coalesce(i.healthcheck, ''))) IN ('', 'NONE', '["NONE"]') THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0 THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END || ': ' ||
  CASE WHEN coalesce(i.healthcheck, '') = '' THEN 'no HEALTHCHECK'
    WHEN upper(trim(i.healthcheck)) IN ('NONE', '["NONE"]') THEN 'HEALTHCHECK NONE (disabled)'
    ELSE 'HEALTHCHECK defined' END AS reason,
  i.engine_id, i.image_id
FROM images i
ORDER BY resource;
