-- id: img-secrets-env
-- title: Secrets baked into the image environment
-- severity: high
-- section: image
-- per: image
-- cis: 4.10
-- rationale: ENV values are part of the image config: everyone who can pull the image, and every container made from it, can read them - and they stay in the registry and in every copy forever. *_FILE pointers and GPG_KEY(S) are not secrets.
-- remediation: Remove the ENV, pass secrets at run time as files (BuildKit --mount=type=secret at build time), rebuild, and rotate the exposed secret.
WITH secrets AS (
  SELECT engine_id, image_id, group_concat(key, ', ') AS keys
  FROM (SELECT * FROM image_env
        WHERE secret_like = 1 AND upper(key) NOT LIKE '%\_FILE' ESCAPE '\'
          AND upper(key) NOT IN ('GPG_KEY', 'GPG_KEYS')
        ORDER BY key)
  GROUP BY engine_id, image_id
)
SELECT
  i.engine_id || '/images/' || i.image_id AS resource,
  CASE WHEN s.keys IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0 THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END || ': ' ||
  CASE WHEN s.keys IS NULL THEN 'no secret-like ENV'
    ELSE 'secret-like ENV baked into the image: ' || s.keys END AS reason,
  i.engine_id, i.image_id
FROM images i
LEFT JOIN secrets s ON s.engine_id = i.engine_id AND s.image_id = i.image_id
ORDER BY resource;
