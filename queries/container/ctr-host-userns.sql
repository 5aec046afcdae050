-- id: ctr-host-userns
-- title: Host user namespace shared on a userns-remapped engine
-- severity: medium
-- section: container
-- per: container
-- cis: 5.31
-- rationale: On an engine with userns-remap, --userns=host opts the container out of the remapping, so its uid 0 is uid 0 on the host again.
-- remediation: Recreate without --userns=host.
-- Engines without userns-remap run every container in the host user namespace; that is daemon-userns-off, so those rows are skipped here.
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN coalesce(e.rootless, 0) = 1 THEN 'ok'
    WHEN coalesce(e.userns_remap, 0) = 0 THEN 'skip'
    WHEN c.userns_mode = 'host' THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN coalesce(e.rootless, 0) = 1 THEN 'rootless engine: the host user namespace is the daemon''s unprivileged one'
    WHEN coalesce(e.userns_remap, 0) = 0 THEN 'engine does not remap user namespaces (see daemon-userns-off)'
    WHEN c.userns_mode = 'host' THEN 'opts out of the engine''s userns-remap (--userns=host): container root is host root'
    ELSE 'runs in the engine''s remapped user namespace' END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN engines e ON e.engine_id = c.engine_id
WHERE c.running = 1
ORDER BY resource;
