-- id: ctr-host-devices
-- title: Host devices mapped into the container
-- severity: high
-- section: container
-- per: container
-- cis: 5.18
-- rationale: A mapped block device (/dev/sd*, nvme*, dm-*, loop*, mapper/*) gives raw access to host disks, and /dev/mem, /dev/kmem, /dev/port to host memory and I/O ports; any other device widens the kernel surface and needs review.
-- remediation: Map only the specific device the workload needs, read-only where possible (--device /dev/x:/dev/x:r); never map disks or memory devices.
-- Row severity: high for block or memory devices, medium for others.
WITH devices AS (
  SELECT c.engine_id, c.container_id, c.name, c.devices,
    (',' || replace(coalesce(c.devices, ''), ' ', '')) AS d
  FROM containers c
  WHERE c.running = 1
),
judged AS (
  SELECT *,
    d LIKE '%,/dev/sd%' OR d LIKE '%,/dev/nvme%' OR d LIKE '%,/dev/xvd%' OR d LIKE '%,/dev/vd%'
    OR d LIKE '%,/dev/hd%' OR d LIKE '%,/dev/dm-%' OR d LIKE '%,/dev/loop%' OR d LIKE '%,/dev/mapper/%'
    OR d LIKE '%,/dev/mem:%' OR d LIKE '%,/dev/kmem:%' OR d LIKE '%,/dev/port:%' OR d LIKE '%,/dev/mem'
    OR d LIKE '%,/dev/kmem' OR d LIKE '%,/dev/port' AS raw_access
  FROM devices
)
SELECT
  engine_id || '/containers/' || name AS resource,
  CASE WHEN coalesce(devices, '') = '' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN coalesce(devices, '') = '' THEN 'no host devices mapped'
    WHEN raw_access THEN 'maps host disk or memory devices: ' || devices
    ELSE 'maps host devices: ' || devices END AS reason,
  CASE WHEN coalesce(devices, '') = '' THEN NULL WHEN raw_access THEN 'high' ELSE 'medium' END AS severity,
  engine_id, container_id
FROM judged
ORDER BY resource;
