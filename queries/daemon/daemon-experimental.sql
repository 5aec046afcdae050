-- id: daemon-experimental
-- title: Experimental features on
-- severity: low
-- section: daemon
-- cis: 2.18
-- rationale: Experimental features are unsupported and change between releases; they do not belong on production engines.
-- remediation: Remove "experimental": true (and --experimental) from the daemon configuration.
SELECT
  e.engine_id AS resource,
  CASE WHEN e.experimental = 1 THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN e.experimental = 1 THEN 'experimental features enabled' ELSE 'experimental features off' END AS reason
FROM engines e
ORDER BY resource;
