-- id: ctr-dangerous-caps
-- title: Dangerous or non-default capabilities added
-- severity: high
-- section: container
-- per: container
-- cis: 5.4
-- rationale: --cap-add=ALL is privileged in all but name; SYS_ADMIN, SYS_MODULE, SYS_PTRACE, DAC_READ_SEARCH, SYS_RAWIO, BPF, PERFMON, NET_ADMIN and SYS_BOOT are known escape or host-tampering primitives; any other capability beyond the engine's default set widens the kernel attack surface.
-- remediation: Recreate with --cap-drop=ALL and --cap-add only for the capabilities the process needs; never add ALL or SYS_ADMIN.
-- Row severity: critical for ALL, high for a capability from the dangerous list, medium for other non-default ones. The default set is Docker's 14 capabilities, or Podman's 11 (without AUDIT_WRITE, MKNOD and NET_RAW).
WITH dangerous(cap) AS (
  VALUES ('SYS_ADMIN'), ('SYS_MODULE'), ('SYS_PTRACE'), ('DAC_READ_SEARCH'), ('SYS_RAWIO'),
         ('BPF'), ('PERFMON'), ('NET_ADMIN'), ('SYS_BOOT')
),
defaults(kind, cap) AS (
  VALUES ('docker', 'AUDIT_WRITE'), ('docker', 'CHOWN'), ('docker', 'DAC_OVERRIDE'), ('docker', 'FOWNER'),
         ('docker', 'FSETID'), ('docker', 'KILL'), ('docker', 'MKNOD'), ('docker', 'NET_BIND_SERVICE'),
         ('docker', 'NET_RAW'), ('docker', 'SETFCAP'), ('docker', 'SETGID'), ('docker', 'SETPCAP'),
         ('docker', 'SETUID'), ('docker', 'SYS_CHROOT'),
         ('podman', 'CHOWN'), ('podman', 'DAC_OVERRIDE'), ('podman', 'FOWNER'), ('podman', 'FSETID'),
         ('podman', 'KILL'), ('podman', 'NET_BIND_SERVICE'), ('podman', 'SETFCAP'), ('podman', 'SETGID'),
         ('podman', 'SETPCAP'), ('podman', 'SETUID'), ('podman', 'SYS_CHROOT')
),
added AS (
  SELECT k.engine_id, k.container_id, k.capability AS cap,
    CASE WHEN k.capability = 'ALL' THEN 3
      WHEN k.capability IN (SELECT cap FROM dangerous) THEN 2
      WHEN k.capability IN (SELECT d.cap FROM defaults d WHERE d.kind = coalesce(e.kind, 'docker')) THEN 0
      ELSE 1 END AS level
  FROM container_capabilities k
  LEFT JOIN engines e ON e.engine_id = k.engine_id
  WHERE k.action = 'add'
),
per_container AS (
  SELECT engine_id, container_id, max(level) AS level,
    group_concat(CASE WHEN level > 0 THEN cap END, ', ') AS risky,
    group_concat(CASE WHEN level = 0 THEN cap END, ', ') AS harmless
  FROM (SELECT * FROM added ORDER BY cap)
  GROUP BY engine_id, container_id
)
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN coalesce(a.level, 0) > 0 THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN a.level = 3 THEN 'adds ALL capabilities (--cap-add=ALL): privileged-equivalent' ||
      CASE WHEN a.risky <> 'ALL' THEN '; also adds ' || replace(replace(a.risky, 'ALL, ', ''), ', ALL', '') ELSE '' END
    WHEN a.level = 2 THEN 'adds dangerous capabilities: ' || a.risky
    WHEN a.level = 1 THEN 'adds capabilities beyond the engine default: ' || a.risky
    WHEN a.harmless IS NOT NULL THEN 'adds only capabilities from the engine default set: ' || a.harmless
    ELSE 'adds no capabilities' END AS reason,
  CASE a.level WHEN 3 THEN 'critical' WHEN 2 THEN 'high' WHEN 1 THEN 'medium' END AS severity,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN per_container a ON a.engine_id = c.engine_id AND a.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
