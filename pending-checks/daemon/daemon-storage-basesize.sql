-- id: daemon-storage-basesize
-- title: devicemapper base device size changed
-- severity: low
-- section: daemon
-- cis: 2.11
-- rationale: dm.basesize changes the size of every container's base device and, once raised, can not be lowered; an unreviewed value lets containers fill the pool.
-- remediation: Remove dm.basesize from storage-opts (and move off devicemapper, which is deprecated).
-- Needs: daemon_config (schema/0002_host.sql); a key without a row has the engine default.
SELECT
  e.engine_id AS resource,
  CASE WHEN coalesce(c.value, '') LIKE '%dm.basesize%' THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN coalesce(c.value, '') LIKE '%dm.basesize%' THEN 'storage-opts sets dm.basesize: ' || c.value
    ELSE 'base device size left at its default' END AS reason
FROM engines e
LEFT JOIN daemon_config c ON c.engine_id = e.engine_id AND c.key = 'storage-opts'
ORDER BY resource;
