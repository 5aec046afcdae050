-- id: ctr-enforced-security-drift
-- title: Kernel-enforced security differs from the container's configuration
-- severity: high
-- section: container
-- cis:
-- rationale: What the engine was asked for is not always what the kernel enforces: an OCI hook, a runtime bug or docker exec --privileged can leave pid 1 with every capability, without seccomp or without no-new-privileges. /proc/<pid>/status of the container's init process is the truth; this compares it with the configuration.
-- remediation: Investigate the OCI runtime, its hooks and recent docker exec calls; recreate the container and compare again.
-- Needs: container_processes (schema/0002_host.sql). Full capability sets have 38 (kernel < 5.9) or 41 bits; the engine default has 14 (Docker) or 11 (Podman).
WITH expected AS (
  SELECT c.engine_id, c.container_id, c.name, c.privileged,
    lower(coalesce(c.seccomp_profile, '')) = 'unconfined'
      OR replace(lower(coalesce(c.security_options, '')), ':', '=') LIKE '%seccomp=unconfined%' AS seccomp_off,
    CASE WHEN replace(coalesce(c.security_options, ''), ':', '=') LIKE '%no-new-privileges=false%' THEN 0
      WHEN c.no_new_privileges = 1 OR coalesce(e.no_new_privileges, 0) = 1 THEN 1 ELSE 0 END AS nnp,
    EXISTS (SELECT 1 FROM container_capabilities k WHERE k.engine_id = c.engine_id
            AND k.container_id = c.container_id AND k.action = 'add' AND k.capability = 'ALL') AS adds_all
  FROM containers c
  LEFT JOIN engines e ON e.engine_id = c.engine_id
  WHERE c.running = 1
),
drift AS (
  SELECT x.engine_id, x.container_id,
    trim(
      CASE WHEN x.privileged = 0 AND NOT x.adds_all AND p.cap_eff_count >= 38
        THEN 'pid 1 holds the full capability set (' || p.cap_eff_count || ' capabilities, CapEff ' || p.cap_eff || ') without --privileged; ' ELSE '' END
      || CASE WHEN x.privileged = 0 AND NOT x.seccomp_off AND coalesce(e.seccomp_profile, '') <> '' AND p.seccomp_mode <> 2
        THEN 'seccomp mode ' || p.seccomp_mode || ' although a filter was configured; ' ELSE '' END
      || CASE WHEN p.no_new_privs < x.nnp
        THEN 'NoNewPrivs ' || p.no_new_privs || ' although ' || x.nnp || ' was configured; ' ELSE '' END,
      '; ') AS what
  FROM expected x
  JOIN container_processes p ON p.engine_id = x.engine_id AND p.container_id = x.container_id
  LEFT JOIN engines e ON e.engine_id = x.engine_id
)
SELECT
  x.engine_id || '/containers/' || x.name AS resource,
  CASE WHEN d.container_id IS NULL THEN 'skip' WHEN d.what <> '' THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN d.container_id IS NULL THEN 'no process facts recorded for the container'
    WHEN d.what <> '' THEN d.what
    ELSE 'capabilities, seccomp and no-new-privileges of pid 1 match the configuration' END AS reason,
  x.engine_id, x.container_id
FROM expected x
LEFT JOIN drift d ON d.engine_id = x.engine_id AND d.container_id = x.container_id
ORDER BY resource;
