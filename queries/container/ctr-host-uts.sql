-- id: ctr-host-uts
-- title: Host UTS namespace shared
-- severity: low
-- section: container
-- per: container
-- cis: 5.21
-- rationale: With --uts=host the container shares the host's hostname and domain name and, with CAP_SYS_ADMIN, can change them for the whole host.
-- remediation: Recreate without --uts=host.
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN c.uts_mode = 'host' THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN c.uts_mode = 'host' THEN 'shares the host UTS namespace (--uts=host)'
    ELSE 'private UTS namespace' END AS reason,
  c.engine_id, c.container_id
FROM containers c
WHERE c.running = 1
ORDER BY resource;
