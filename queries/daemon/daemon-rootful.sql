-- id: daemon-rootful
-- title: Daemon process runs as root
-- severity: medium
-- section: daemon
-- cis: 2.1
-- rationale: A rootful daemon makes its socket root-equivalent and any daemon bug a host compromise. The kernel's view of the process (effective uid from /proc) is the truth: an engine that reports rootless while its process runs as uid 0 is itself a finding. With userns-remap container root is no longer host root, but the daemon and its API still are.
-- remediation: Run the engine rootless (dockerd-rootless-setuptool.sh install, or rootless Podman as the service user); where that is impossible, enable userns-remap and restrict socket access.
-- Reads daemons (schema/0002_host.sql); remote (tcp://) engines have no host facts and are skipped.
-- Row status: alarm for a root daemon without userns-remap (high when the engine claims to be rootless), info (review) for a root daemon with userns-remap.
SELECT
  e.engine_id AS resource,
  CASE WHEN d.engine_id IS NULL THEN 'skip'
    WHEN d.euid IS NULL AND d.uid IS NULL THEN 'skip'
    WHEN coalesce(d.euid, d.uid) <> 0 THEN 'ok'
    WHEN e.rootless = 1 THEN 'alarm'
    WHEN e.userns_remap = 1 THEN 'info'
    ELSE 'alarm' END AS status,
  CASE WHEN d.engine_id IS NULL AND e.engine_id NOT LIKE 'unix://%'
      THEN 'remote engine: its daemon process is only visible to posture running on its own host'
    WHEN d.engine_id IS NULL THEN 'no daemon process recorded for this engine'
    WHEN d.euid IS NULL AND d.uid IS NULL THEN 'the uid of daemon ' || coalesce(d.exe, d.process_name, '?') || ' could not be read'
    WHEN coalesce(d.euid, d.uid) <> 0
      THEN 'daemon ' || coalesce(d.exe, d.process_name, '?') || ' runs as ' || coalesce(d.user, 'uid ' || d.uid) || ' (effective uid ' || coalesce(d.euid, d.uid) || ')'
    WHEN e.rootless = 1
      THEN 'the engine reports rootless, but its daemon ' || coalesce(d.exe, d.process_name, '?') || ' runs with effective uid 0'
    WHEN e.userns_remap = 1
      THEN 'daemon ' || coalesce(d.exe, d.process_name, '?') || ' runs as root; userns-remap maps container root to an unprivileged uid, but the daemon and its API remain root: review whether it can run rootless'
    ELSE 'daemon ' || coalesce(d.exe, d.process_name, '?') || ' runs as root without userns-remap: container root is host root' END AS reason,
  CASE WHEN coalesce(d.euid, d.uid) = 0 AND e.rootless = 1 THEN 'high' END AS severity,
  e.engine_id, d.pid, d.uid, d.euid
FROM engines e
LEFT JOIN daemons d ON d.engine_id = e.engine_id
ORDER BY resource;
