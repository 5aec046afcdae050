-- id: res-log-unbounded
-- title: Container logs unbounded
-- severity: medium
-- section: resources
-- per: container
-- cis:
-- rationale: The json-file log driver keeps every line forever unless max-size is set, so a chatty or attacked container fills the engine's disk and stops every other container. The local driver rotates by default; remote drivers keep nothing on disk.
-- remediation: Set "log-opts": {"max-size": "10m", "max-file": "3"} in daemon.json (or use the local driver) and recreate the container; or pass --log-opt max-size=10m.
-- Log options are not promoted to a column, so this reads HostConfig.LogConfig from the container's inspect JSON.
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN coalesce(c.log_driver, '') <> 'json-file' THEN 'ok'
    WHEN c.raw_json IS NULL OR NOT json_valid(c.raw_json) THEN 'skip'
    WHEN coalesce(json_extract(c.raw_json, '$.HostConfig.LogConfig.Config."max-size"'), '') = '' THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN coalesce(c.log_driver, '') = '' THEN 'log driver not recorded; not json-file'
    WHEN c.log_driver <> 'json-file' THEN 'log driver ' || c.log_driver || ' (not an unbounded local file)'
    WHEN c.raw_json IS NULL OR NOT json_valid(c.raw_json) THEN 'json-file driver, but the log options were not recorded'
    WHEN coalesce(json_extract(c.raw_json, '$.HostConfig.LogConfig.Config."max-size"'), '') = '' THEN 'json-file logs without max-size: grow until the disk is full'
    ELSE 'json-file logs rotated at max-size ' || json_extract(c.raw_json, '$.HostConfig.LogConfig.Config."max-size"') END AS reason,
  c.engine_id, c.container_id
FROM containers c
WHERE c.running = 1
ORDER BY resource;
