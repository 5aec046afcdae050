-- id: daemon-storage-driver
-- title: Deprecated storage driver
-- severity: low
-- section: daemon
-- cis: 2.6
-- rationale: aufs, devicemapper and the legacy overlay driver are deprecated or removed in current engines, poorly maintained and a known source of escape and stability bugs.
-- remediation: Move to overlay2 (or the containerd snapshotter); export what must be kept and recreate.
SELECT
  e.engine_id AS resource,
  CASE WHEN e.storage_driver IN ('aufs', 'devicemapper', 'overlay')
      OR coalesce(e.warnings, '') LIKE '%storage-driver%deprecated%' THEN 'alarm'
    WHEN e.storage_driver IS NULL THEN 'skip'
    ELSE 'ok' END AS status,
  CASE WHEN e.storage_driver IN ('aufs', 'devicemapper', 'overlay')
      OR coalesce(e.warnings, '') LIKE '%storage-driver%deprecated%' THEN 'deprecated storage driver ' || coalesce(e.storage_driver, '(named in the warnings)')
    WHEN e.storage_driver IS NULL THEN 'storage driver not reported'
    ELSE 'storage driver ' || e.storage_driver END AS reason
FROM engines e
ORDER BY resource;
