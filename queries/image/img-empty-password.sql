-- id: img-empty-password
-- title: Account with an empty password in the image
-- severity: high
-- section: image
-- per: image
-- cis:
-- rationale: An empty password hash in /etc/shadow (or /etc/passwd) lets anyone become that user with su or login without a password - the Alpine CVE-2019-5021 root account shipped this way for years.
-- remediation: Lock the account (passwd -l NAME, or a * or ! hash) in the image build, or rebuild on a fixed base image.
WITH empty AS (
  SELECT engine_id, image_id, group_concat(name, ', ') AS names
  FROM (SELECT * FROM image_accounts WHERE kind = 'user' AND password = 'empty' ORDER BY name)
  GROUP BY engine_id, image_id
)
SELECT
  i.engine_id || '/images/' || i.image_id AS resource,
  CASE WHEN c.status IS NULL OR c.status <> 'ok' THEN 'skip'
    WHEN e.names IS NOT NULL THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0 THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END || ': ' ||
  CASE WHEN c.status IS NULL THEN 'contents not read yet (collect reads them unless --no-image-contents)'
    WHEN c.status <> 'ok' THEN 'contents could not be read (see image_contents.error)'
    WHEN e.names IS NOT NULL THEN 'empty password hash for ' || e.names
    ELSE 'no account with an empty password' END AS reason,
  i.engine_id, i.image_id
FROM images i
LEFT JOIN image_contents c ON c.engine_id = i.engine_id AND c.image_id = i.image_id
LEFT JOIN empty e ON e.engine_id = i.engine_id AND e.image_id = i.image_id
ORDER BY resource;
