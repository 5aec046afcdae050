-- id: ctr-tls-verify-off-env
-- title: TLS verification turned off through the environment
-- severity: medium
-- section: container
-- per: container
-- cis:
-- rationale: NODE_TLS_REJECT_UNAUTHORIZED, PYTHONHTTPSVERIFY, GIT_SSL_NO_VERIFY, NPM_CONFIG_STRICT_SSL, PIP_TRUSTED_HOST and CURL_INSECURE exist to switch certificate checks off; set in a running container they open every outbound call to interception. Values are not stored, so the variable being set is the finding.
-- remediation: Remove the variable and trust the needed CA instead (SSL_CERT_FILE, NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE).
WITH flags AS (
  SELECT engine_id, container_id, group_concat(key, ', ') AS keys
  FROM (SELECT * FROM container_env
        WHERE upper(key) IN ('NODE_TLS_REJECT_UNAUTHORIZED', 'PYTHONHTTPSVERIFY', 'GIT_SSL_NO_VERIFY',
                             'NPM_CONFIG_STRICT_SSL', 'PIP_TRUSTED_HOST', 'CURL_INSECURE')
        ORDER BY key)
  GROUP BY engine_id, container_id
)
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN f.keys IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN f.keys IS NULL THEN 'no TLS-verification switch in the environment'
    ELSE 'sets ' || f.keys || ', which exists to turn certificate verification off' END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN flags f ON f.engine_id = c.engine_id AND f.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
