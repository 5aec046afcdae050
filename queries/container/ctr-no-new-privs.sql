-- id: ctr-no-new-privs
-- title: Processes can gain privileges (no-new-privileges off)
-- severity: medium
-- section: container
-- per: container
-- cis: 5.26
-- rationale: Without no-new-privileges a process can gain privileges through setuid binaries or file capabilities inside the image. The daemon-wide default ("no-new-privileges": true in daemon.json) counts, unless the container turns it off explicitly.
-- remediation: Recreate with --security-opt no-new-privileges, or set "no-new-privileges": true in daemon.json (applies to containers created afterwards).
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE
    WHEN replace(coalesce(c.security_options, ''), ':', '=') LIKE '%no-new-privileges=false%' THEN 'alarm'
    WHEN c.no_new_privileges = 1 THEN 'ok'
    WHEN coalesce(e.no_new_privileges, 0) = 1 THEN 'ok'
    ELSE 'alarm' END AS status,
  CASE
    WHEN replace(coalesce(c.security_options, ''), ':', '=') LIKE '%no-new-privileges=false%'
      THEN 'turned off on the container (no-new-privileges=false) against the daemon default'
    WHEN c.no_new_privileges = 1 THEN 'set on the container (--security-opt no-new-privileges)'
    WHEN coalesce(e.no_new_privileges, 0) = 1 THEN 'inherits the daemon default no-new-privileges'
    ELSE 'not set on the container and the daemon has no no-new-privileges default: setuid binaries and file capabilities can raise privileges' END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN engines e ON e.engine_id = c.engine_id
WHERE c.running = 1
ORDER BY resource;
