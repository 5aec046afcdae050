-- id: ctr-secrets-in-env
-- title: Secrets in the container environment
-- severity: high
-- section: container
-- per: container
-- cis: 4.10
-- rationale: Environment variables are readable by anyone who can inspect the container (every member of the docker group), end up in crash dumps, logs and child processes, and are easy to leak. Names like *_PASSWORD, *_TOKEN, *_SECRET, *_KEY are flagged; *_FILE pointers and GPG_KEY(S) are not secrets.
-- remediation: Pass secrets as files (Docker or Podman secrets, a tmpfs mount, *_FILE variables) and rotate any secret that was exposed.
WITH secrets AS (
  SELECT engine_id, container_id, group_concat(key, ', ') AS keys, count(*) AS n
  FROM (SELECT * FROM container_env
        WHERE secret_like = 1 AND upper(key) NOT LIKE '%\_FILE' ESCAPE '\'
          AND upper(key) NOT IN ('GPG_KEY', 'GPG_KEYS')
        ORDER BY key)
  GROUP BY engine_id, container_id
)
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN s.keys IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN s.keys IS NULL THEN 'no secret-like variables in the environment'
    ELSE 'secret-like variable' || CASE WHEN s.n > 1 THEN 's ' ELSE ' ' END || s.keys
      || ' in the environment (value hashed here, but readable in clear by anyone who can inspect the container)' END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN secrets s ON s.engine_id = c.engine_id AND s.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
