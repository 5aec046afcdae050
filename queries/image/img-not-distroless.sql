-- id: img-not-distroless
-- title: Image is not distroless
-- severity: low
-- section: image
-- per: image
-- cis: 4.3
-- rationale: A distroless image holds the application and its runtime only: no shell, no package manager, no sudo. Everything else is attack surface an intruder can use and a scanner has to keep patched.
-- remediation: Use a multi-stage build whose final stage is a distroless (gcr.io/distroless, Chainguard, UBI micro) or scratch image with only the application copied in.
SELECT
  i.engine_id || '/images/' || i.image_id AS resource,
  CASE WHEN c.status IS NULL OR c.status <> 'ok' THEN 'skip'
    WHEN c.distroless = 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0 THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END || ': ' ||
  CASE WHEN c.status IS NULL THEN 'contents not read yet (collect reads them unless --no-image-contents)'
    WHEN c.status <> 'ok' THEN 'contents could not be read (see image_contents.error)'
    WHEN c.distroless = 1 THEN 'distroless: no shell, no package manager, no sudo'
      || CASE WHEN c.package_db IS NOT NULL THEN ' (' || c.package_db || coalesce(' database lists ' || c.package_count || ' packages', ' database') || ')' ELSE '' END
    ELSE 'not distroless: ' || coalesce(c.distroless_reasons, '?') END AS reason,
  i.engine_id, i.image_id
FROM images i
LEFT JOIN image_contents c ON c.engine_id = i.engine_id AND c.image_id = i.image_id
ORDER BY resource;
