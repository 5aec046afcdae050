-- id: img-secrets
-- title: Secret-looking files baked into the image
-- severity: high
-- section: image
-- per: image
-- cis: 4.10
-- rationale: Private keys, .env files and credential files copied into an image are readable by everyone who can pull it, in every layer that ever held them, for as long as the image exists. (ENV values are checked by img-secrets-env.)
-- remediation: Pass secrets at build time with BuildKit --mount=type=secret and at run time as mounted files or a secret store; add them to .dockerignore, rebuild, and rotate every exposed secret.
WITH secrets AS (
  SELECT engine_id, image_id, count(*) AS n, group_concat(path, ', ') AS list
  FROM (SELECT * FROM image_files WHERE category = 'secret' ORDER BY path)
  GROUP BY engine_id, image_id
)
SELECT
  i.engine_id || '/images/' || i.image_id AS resource,
  CASE WHEN c.status IS NULL OR c.status <> 'ok' THEN 'skip'
    WHEN s.n > 0 THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0 THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END || ': ' ||
  CASE WHEN c.status IS NULL THEN 'contents not read yet (collect reads them unless --no-image-contents)'
    WHEN c.status <> 'ok' THEN 'contents could not be read (see image_contents.error)'
    WHEN s.n > 0 THEN 'secret-looking file' || CASE WHEN s.n > 1 THEN 's' ELSE '' END || ' in the image: ' || s.list
    ELSE 'no secret-looking file (private keys, .env, credentials files)' END AS reason,
  i.engine_id, i.image_id
FROM images i
LEFT JOIN image_contents c ON c.engine_id = i.engine_id AND c.image_id = i.image_id
LEFT JOIN secrets s ON s.engine_id = i.engine_id AND s.image_id = i.image_id
ORDER BY resource;
