-- id: ctr-mount-propagation
-- title: Shared mount propagation
-- severity: medium
-- section: container
-- per: container
-- cis: 5.20
-- rationale: A shared (or rshared) bind propagates mounts made inside the container back to the host and to other containers, so a container with mount rights can change what the host sees.
-- remediation: Use the default rprivate propagation; if propagation is needed, prefer slave/rslave.
WITH shared AS (
  SELECT engine_id, container_id,
    group_concat(coalesce(source, '') || ' -> ' || destination || ' (' || propagation || ')', '; ') AS what
  FROM (SELECT * FROM container_mounts WHERE lower(propagation) IN ('shared', 'rshared') ORDER BY destination)
  GROUP BY engine_id, container_id
)
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN s.what IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN s.what IS NULL THEN 'no mount with shared propagation'
    ELSE 'mounts with shared propagation: ' || s.what END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN shared s ON s.engine_id = c.engine_id AND s.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
