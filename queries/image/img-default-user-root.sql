-- id: img-default-user-root
-- title: Image's default user is root
-- severity: medium
-- section: image
-- per: image
-- cis: 4.1
-- rationale: An image without a non-root USER runs as root wherever nobody overrides it. '', 0, root, 0:<group> and root:<group> are all root.
-- remediation: Create an unprivileged user in the image and end the Dockerfile with USER 10001 (numeric, so it works with runAsNonRoot-style checks).
SELECT
  i.engine_id || '/images/' || i.image_id AS resource,
  CASE WHEN lower(coalesce(i.user, '')) IN ('', '0', 'root') OR lower(i.user) LIKE 'root:%' OR i.user LIKE '0:%'
    THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0 THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END || ': ' ||
  CASE WHEN coalesce(i.user, '') = '' THEN 'no USER: the default user is root'
    WHEN lower(i.user) IN ('0', 'root') OR lower(i.user) LIKE 'root:%' OR i.user LIKE '0:%' THEN 'default user ''' || i.user || ''' is root'
    ELSE 'default user ''' || i.user || '''' END AS reason,
  i.engine_id, i.image_id
FROM images i
ORDER BY resource;
