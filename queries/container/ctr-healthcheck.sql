-- id: ctr-healthcheck
-- title: No healthcheck
-- severity: low
-- section: container
-- per: container
-- cis: 5.27
-- rationale: Without a healthcheck the engine (and whoever watches it) only knows the process exists, not that it works; a hung or hijacked service keeps looking healthy.
-- remediation: Add HEALTHCHECK to the image or --health-cmd to the container.
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE
    WHEN upper(trim(coalesce(c.healthcheck, ''))) IN ('NONE', '["NONE"]') THEN 'alarm'
    WHEN coalesce(c.healthcheck, '') <> '' THEN 'ok'
    WHEN upper(trim(coalesce(i.healthcheck, ''))) NOT IN ('', 'NONE', '["NONE"]') THEN 'ok'
    ELSE 'alarm' END AS status,
  CASE
    WHEN upper(trim(coalesce(c.healthcheck, ''))) IN ('NONE', '["NONE"]') THEN 'healthcheck disabled on the container (--no-healthcheck)'
    WHEN coalesce(c.healthcheck, '') <> '' THEN 'healthcheck configured on the container'
    WHEN upper(trim(coalesce(i.healthcheck, ''))) NOT IN ('', 'NONE', '["NONE"]') THEN 'healthcheck inherited from the image'
    ELSE 'no healthcheck on the container or its image' END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN images i ON i.engine_id = c.engine_id AND i.image_id = c.image_id
WHERE c.running = 1
ORDER BY resource;
