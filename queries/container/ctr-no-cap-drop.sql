-- id: ctr-no-cap-drop
-- title: Default capabilities not dropped
-- severity: low
-- section: container
-- per: container
-- cis: 5.4
-- rationale: The engine's default set (14 capabilities on Docker, among them NET_RAW, MKNOD, DAC_OVERRIDE, SETUID) is more than most services need; dropping ALL and adding back the few required ones removes kernel attack surface for free.
-- remediation: Recreate with --cap-drop=ALL plus --cap-add for each capability the process needs (often none, or NET_BIND_SERVICE).
WITH drops AS (
  SELECT engine_id, container_id, max(capability = 'ALL') AS drops_all,
    group_concat(capability, ', ') AS dropped
  FROM (SELECT * FROM container_capabilities WHERE action = 'drop' ORDER BY capability)
  GROUP BY engine_id, container_id
)
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN d.drops_all = 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN d.drops_all = 1 THEN 'drops ALL capabilities'
    WHEN d.dropped IS NOT NULL THEN 'drops only ' || d.dropped || ', not ALL: keeps the rest of the engine default set'
    ELSE 'drops no capabilities: keeps the whole engine default set' END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN drops d ON d.engine_id = c.engine_id AND d.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
