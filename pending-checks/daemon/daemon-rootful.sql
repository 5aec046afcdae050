-- id: daemon-rootful
-- title: Daemon process runs as root
-- severity: medium
-- section: daemon
-- cis: 2.1
-- rationale: A rootful daemon makes the engine socket root-equivalent and any daemon bug a host compromise. The kernel's view of the process (effective uid from /proc) is the truth: an engine that reports rootless while its process runs as uid 0 is itself a finding.
-- remediation: Run the engine rootless (dockerd-rootless-setuptool.sh install, or rootless Podman as the service user); where that is impossible, enable userns-remap and restrict socket access.
-- Needs: daemons (schema/0002_host.sql).
SELECT
  e.engine_id AS resource,
  CASE WHEN d.engine_id IS NULL THEN 'skip'
    WHEN coalesce(d.euid, d.uid) = 0 THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN d.engine_id IS NULL THEN 'no daemon process recorded for this engine'
    WHEN coalesce(d.euid, d.uid) = 0 AND e.rootless = 1
      THEN 'the engine reports rootless, but its process ' || coalesce(d.exe, '?') || ' (pid ' || coalesce(d.pid, '?') || ') runs with effective uid 0'
    WHEN coalesce(d.euid, d.uid) = 0
      THEN 'daemon ' || coalesce(d.exe, '?') || ' (pid ' || coalesce(d.pid, '?') || ') runs as root'
        || CASE WHEN e.userns_remap = 1 THEN ' (userns-remap on)' ELSE ' without userns-remap' END
    ELSE 'daemon runs as ' || coalesce(d.user, 'uid ' || d.uid) || ' (effective uid ' || coalesce(d.euid, d.uid) || ')' END AS reason,
  CASE WHEN coalesce(d.euid, d.uid) = 0 AND e.rootless = 1 THEN 'high' END AS severity
FROM engines e
LEFT JOIN daemons d ON d.engine_id = e.engine_id
ORDER BY resource;
