-- id: ctr-rootfs-writable
-- title: Root filesystem writable
-- severity: low
-- section: container
-- per: container
-- cis: 5.13
-- rationale: A writable root filesystem lets an intruder drop tools and change binaries or configuration that persist for the container's life; read-only makes the running image immutable.
-- remediation: Recreate with --read-only and writable tmpfs or volumes only where the application writes (--tmpfs /tmp).
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN c.readonly_rootfs = 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN c.readonly_rootfs = 1 THEN 'root filesystem read-only'
    ELSE 'root filesystem writable (no --read-only)' END AS reason,
  c.engine_id, c.container_id
FROM containers c
WHERE c.running = 1
ORDER BY resource;
