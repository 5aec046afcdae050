-- id: ctr-enforced-security-drift
-- title: Kernel-enforced security differs from the container's configuration
-- severity: high
-- section: container
-- per: container
-- cis:
-- rationale: What the engine was asked for is not always what the kernel enforces: an OCI hook, a runtime bug or a replaced init can leave pid 1 with capabilities that were dropped, without the seccomp filter or without no-new-privileges, or as root although a user was set. /proc/<pid>/status of the container's init process is the truth; this compares it with the configuration and flags only what is weaker than requested.
-- remediation: Investigate the OCI runtime, its hooks and how the container was started; recreate the container and compare again.
-- Reads container_processes (schema/0002_host.sql). Allowed capabilities follow the engine's rule: --privileged = all; cap-add ALL = all but the dropped; cap-drop ALL = only the added; otherwise (default set - dropped) + added. Default sets: Docker 0xa80425fb (14), Podman 0x800405fb (11) or containers.conf default_capabilities; all = the 41 capabilities of kernel 5.9+.
-- MATERIALIZED: engine_default, enforced and drift are worked out once, enforced and drift over the measured containers only; flattened, the masks and the reason were copied into every use (4,500 VDBE ops to prepare) and the capability mask was parsed again for each of the 41 capabilities listed.
WITH caps(name, bit) AS (
  VALUES ('CHOWN', 0), ('DAC_OVERRIDE', 1), ('DAC_READ_SEARCH', 2), ('FOWNER', 3), ('FSETID', 4), ('KILL', 5),
    ('SETGID', 6), ('SETUID', 7), ('SETPCAP', 8), ('LINUX_IMMUTABLE', 9), ('NET_BIND_SERVICE', 10),
    ('NET_BROADCAST', 11), ('NET_ADMIN', 12), ('NET_RAW', 13), ('IPC_LOCK', 14), ('IPC_OWNER', 15),
    ('SYS_MODULE', 16), ('SYS_RAWIO', 17), ('SYS_CHROOT', 18), ('SYS_PTRACE', 19), ('SYS_PACCT', 20),
    ('SYS_ADMIN', 21), ('SYS_BOOT', 22), ('SYS_NICE', 23), ('SYS_RESOURCE', 24), ('SYS_TIME', 25),
    ('SYS_TTY_CONFIG', 26), ('MKNOD', 27), ('LEASE', 28), ('AUDIT_WRITE', 29), ('AUDIT_CONTROL', 30),
    ('SETFCAP', 31), ('MAC_OVERRIDE', 32), ('MAC_ADMIN', 33), ('SYSLOG', 34), ('WAKE_ALARM', 35),
    ('BLOCK_SUSPEND', 36), ('AUDIT_READ', 37), ('PERFMON', 38), ('BPF', 39), ('CHECKPOINT_RESTORE', 40)
),
digits(i) AS (
  VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15), (16)
),
podman_caps(engine_id, rest, name) AS (
  SELECT engine_id, replace(upper(coalesce(value, '')), ' ', '') || ',', NULL
  FROM daemon_config WHERE key = 'containers.default_capabilities'
  UNION ALL
  SELECT engine_id, substr(rest, instr(rest, ',') + 1), substr(rest, 1, instr(rest, ',') - 1)
  FROM podman_caps WHERE rest <> ''
),
engine_default AS MATERIALIZED (
  SELECT e.engine_id, e.seccomp_profile, e.no_new_privileges,
    CASE WHEN EXISTS (SELECT 1 FROM daemon_config d WHERE d.engine_id = e.engine_id AND d.key = 'containers.default_capabilities')
      THEN coalesce((SELECT sum(DISTINCT 1 << k.bit) FROM podman_caps p JOIN caps k
                     ON k.name = CASE WHEN p.name LIKE 'CAP\_%' ESCAPE '\' THEN substr(p.name, 5) ELSE p.name END
                     WHERE p.engine_id = e.engine_id), 0)
      WHEN e.kind = 'podman' THEN 0x800405fb
      ELSE 0xa80425fb END AS mask
  FROM engines e
),
-- Added and dropped capabilities as bit masks, in one pass over container_capabilities.
requested_caps AS (
  SELECT a.engine_id, a.container_id,
    max(a.action = 'add' AND a.capability = 'ALL') AS add_all,
    max(a.action = 'drop' AND a.capability = 'ALL') AS drop_all,
    sum(DISTINCT CASE WHEN a.action = 'add' THEN 1 << k.bit END) AS add_mask,
    sum(DISTINCT CASE WHEN a.action = 'drop' THEN 1 << k.bit END) AS drop_mask
  FROM container_capabilities a
  LEFT JOIN caps k ON k.name = a.capability
  GROUP BY a.engine_id, a.container_id
),
requested AS (
  SELECT c.engine_id, c.container_id, c.privileged,
    coalesce(q.add_all, 0) AS add_all, coalesce(q.drop_all, 0) AS drop_all,
    coalesce(q.add_mask, 0) AS add_mask, coalesce(q.drop_mask, 0) AS drop_mask,
    coalesce(d.mask, 0xa80425fb) AS default_mask,
    c.privileged = 0
      AND lower(coalesce(c.seccomp_profile, '')) <> 'unconfined'
      AND replace(lower(coalesce(c.security_options, '')), ':', '=') NOT LIKE '%seccomp=unconfined%'
      AND d.seccomp_profile IS NOT NULL AS wants_seccomp,
    coalesce(c.seccomp_profile, d.seccomp_profile) AS seccomp_profile,
    CASE WHEN replace(coalesce(c.security_options, ''), ':', '=') LIKE '%no-new-privileges=false%' THEN 0
      WHEN c.no_new_privileges = 1 THEN 1
      WHEN d.no_new_privileges = 1 THEN 2 ELSE 0 END AS wants_nnp,
    coalesce(nullif(c.user, ''), i.user, '') AS user
  FROM containers c
  LEFT JOIN requested_caps q ON q.engine_id = c.engine_id AND q.container_id = c.container_id
  LEFT JOIN engine_default d ON d.engine_id = c.engine_id
  LEFT JOIN images i ON i.engine_id = c.engine_id AND i.image_id = c.image_id
  WHERE c.running = 1
),
-- One row per container with process facts: the capabilities pid 1 holds beyond those allowed, as a mask.
enforced AS MATERIALIZED (
  SELECT r.engine_id, r.container_id, r.privileged, r.add_all, r.drop_all, r.wants_seccomp, r.seccomp_profile, r.wants_nnp,
    r.user, p.cap_eff, p.cap_eff_count, p.no_new_privs, p.seccomp_mode, p.uid, p.euid,
    (SELECT sum((instr('0123456789abcdef', lower(substr(p.cap_eff, -h.i, 1))) - 1) << (4 * (h.i - 1)))
     FROM digits h WHERE h.i <= length(p.cap_eff))
    & ~CASE WHEN r.privileged = 1 THEN 0x1ffffffffff
      WHEN r.add_all THEN 0x1ffffffffff & ~r.drop_mask
      WHEN r.drop_all THEN r.add_mask
      ELSE (r.default_mask & ~r.drop_mask) | r.add_mask END AS extra_mask,
    CASE WHEN instr(r.user, ':') > 0 THEN substr(r.user, 1, instr(r.user, ':') - 1) ELSE r.user END AS user_name
  FROM requested r
  JOIN container_processes p ON p.engine_id = r.engine_id AND p.container_id = r.container_id
),
-- What is weaker than requested, '' when nothing.
drift AS MATERIALIZED (
  SELECT x.engine_id, x.container_id, x.cap_eff, x.seccomp_mode, x.no_new_privs, x.uid,
    trim(
      CASE WHEN x.extra_mask = 0 THEN ''
        WHEN x.cap_eff_count >= 38 AND x.privileged = 0 AND NOT x.add_all
          THEN 'pid 1 holds the full capability set (' || x.cap_eff_count || ' capabilities, CapEff ' || x.cap_eff || ') without --privileged or --cap-add=ALL; '
        WHEN x.drop_all
          THEN 'cap-drop ALL' || coalesce(' with cap-add ' || (SELECT group_concat(capability, ', ') FROM (
              SELECT a.capability FROM container_capabilities a WHERE a.engine_id = x.engine_id AND a.container_id = x.container_id
                AND a.action = 'add' AND a.capability <> 'ALL' ORDER BY a.capability)), '') || ' configured, but pid 1 holds '
            || coalesce((SELECT group_concat(name, ', ') FROM (
                 SELECT k.name FROM caps k WHERE (x.extra_mask >> k.bit) & 1 = 1 ORDER BY k.name)), 'unknown capability bits')
            || ' (CapEff ' || x.cap_eff || '); '
        ELSE 'pid 1 holds ' || coalesce((SELECT group_concat(name, ', ') FROM (
                 SELECT k.name FROM caps k WHERE (x.extra_mask >> k.bit) & 1 = 1 ORDER BY k.name)), 'unknown capability bits')
          || ', which neither the engine default set nor cap-add grants (CapEff ' || x.cap_eff || '); ' END
      || CASE WHEN x.wants_seccomp AND x.seccomp_mode = 0
        THEN 'seccomp profile ' || coalesce(x.seccomp_profile, 'default') || ' configured, but pid 1 runs without a filter (Seccomp 0); ' ELSE '' END
      || CASE WHEN x.wants_nnp > 0 AND x.no_new_privs = 0
        THEN 'no-new-privileges ' || CASE x.wants_nnp WHEN 1 THEN 'set on the container' ELSE 'set as the daemon default' END
          || ', but pid 1 has NoNewPrivs 0; ' ELSE '' END
      || CASE WHEN x.user_name NOT IN ('', '0', 'root') AND (x.uid = 0 OR x.euid = 0)
        THEN 'user ' || x.user || ' configured, but pid 1 runs as host uid 0; ' ELSE '' END,
      '; ') AS what
  FROM enforced x
)
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN x.container_id IS NULL THEN 'skip' WHEN x.what <> '' THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN x.container_id IS NULL THEN
      CASE WHEN c.engine_id NOT LIKE 'unix://%' THEN 'remote engine: its processes are only visible to posture running on its own host'
        ELSE 'no process facts recorded for the container' END
    ELSE coalesce(nullif(x.what, ''), 'capabilities, seccomp, no-new-privileges and user of pid 1 are as configured or stricter') END AS reason,
  c.engine_id, c.container_id, x.cap_eff, x.seccomp_mode, x.no_new_privs, x.uid
FROM containers c
LEFT JOIN drift x ON x.engine_id = c.engine_id AND x.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
