-- id: daemon-storage-basesize
-- title: devicemapper base device size changed
-- severity: low
-- section: daemon
-- cis: 2.11
-- rationale: dm.basesize changes the size of every container's base device and, once raised, can not be lowered; an unreviewed value lets containers fill the pool.
-- remediation: Remove dm.basesize from storage-opts (and move off devicemapper, which is deprecated).
-- Reads daemon_config (schema/0002_host.sql): storage-opts, comma separated. Podman (storage.conf, not recorded) is skipped.
SELECT
  e.engine_id AS resource,
  CASE WHEN e.kind = 'podman' THEN 'skip'
    WHEN NOT EXISTS (SELECT 1 FROM daemon_config a WHERE a.engine_id = e.engine_id) THEN 'skip'
    WHEN coalesce(c.value, '') LIKE '%dm.basesize%' THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN e.kind = 'podman' THEN 'podman storage options live in storage.conf, which is not recorded'
    WHEN NOT EXISTS (SELECT 1 FROM daemon_config a WHERE a.engine_id = e.engine_id) THEN
      CASE WHEN e.engine_id NOT LIKE 'unix://%' THEN 'remote engine: its configuration is only visible to posture running on its own host'
        ELSE 'no daemon configuration recorded for this engine' END
    WHEN coalesce(c.value, '') LIKE '%dm.basesize%' THEN 'storage-opts sets dm.basesize: ' || c.value
    ELSE 'base device size left at its default' END AS reason,
  e.engine_id
FROM engines e
LEFT JOIN daemon_config c ON c.engine_id = e.engine_id AND c.key = 'storage-opts'
ORDER BY resource;
