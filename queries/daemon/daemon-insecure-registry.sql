-- id: daemon-insecure-registry
-- title: Insecure registries configured
-- severity: high
-- section: daemon
-- cis: 2.5
-- rationale: An insecure registry is reached over plain HTTP or with certificate checks off, so anyone on the path can serve a different image under the same name. The loopback defaults (127.0.0.0/8, ::1/128, localhost) are not counted.
-- remediation: Remove the entries from "insecure-registries" (or registries.conf insecure = true for Podman) and give the registry a certificate the host trusts.
WITH RECURSIVE split(engine_id, item, rest) AS (
  SELECT engine_id, NULL, coalesce(insecure_registries, '') || ',' FROM engines
  UNION ALL
  SELECT engine_id, trim(substr(rest, 1, instr(rest, ',') - 1)), substr(rest, instr(rest, ',') + 1)
  FROM split WHERE rest <> ''
),
insecure AS (
  SELECT engine_id, group_concat(item, ', ') AS items
  FROM (SELECT DISTINCT engine_id, item FROM split
        WHERE item <> '' AND item NOT IN ('127.0.0.0/8', '::1/128')
          AND item NOT LIKE 'localhost' AND item NOT LIKE 'localhost:%'
          AND item NOT LIKE '127.%' AND item NOT LIKE '[::1]%' AND item <> '::1'
        ORDER BY item)
  GROUP BY engine_id
)
SELECT
  e.engine_id AS resource,
  CASE WHEN i.items IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN i.items IS NULL THEN 'no insecure registries beyond the loopback defaults'
    ELSE 'insecure registries: ' || i.items END AS reason
FROM engines e
LEFT JOIN insecure i ON i.engine_id = e.engine_id
ORDER BY resource;
