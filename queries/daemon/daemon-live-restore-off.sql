-- id: daemon-live-restore-off
-- title: Live-restore off: a daemon restart stops every container
-- severity: medium
-- section: daemon
-- cis: 2.15
-- rationale: Without live-restore, restarting or upgrading dockerd (or a daemon crash) stops every running container on the host - the daemon is a single point of failure. The reason gives the blast radius. Live-restore is unavailable in swarm mode, which is reported for review rather than passed. Podman runs containers under conmon, independent of its API service.
-- remediation: Set "live-restore": true in daemon.json and reload the daemon (SIGHUP or systemctl reload docker).
-- MATERIALIZED: running is counted once per engine; flattened, the count was copied into each use of r.n and ran three times.
WITH running AS MATERIALIZED (
  SELECT e.engine_id,
    (SELECT count(*) FROM containers c WHERE c.engine_id = e.engine_id AND c.running = 1) AS n
  FROM engines e
)
SELECT
  e.engine_id AS resource,
  CASE WHEN e.kind = 'podman' THEN 'ok'
    WHEN e.live_restore = 1 THEN 'ok'
    WHEN e.swarm_state = 'active' THEN 'info'
    ELSE 'alarm' END AS status,
  CASE WHEN e.kind = 'podman' THEN 'podman: containers run under conmon and survive a restart of the API service'
    WHEN e.live_restore = 1 THEN 'live-restore on: containers keep running across daemon restarts'
    WHEN e.swarm_state = 'active' THEN 'swarm mode active, where live-restore is unavailable: a daemon restart stops all '
      || r.n || ' running container' || CASE WHEN r.n = 1 THEN '' ELSE 's' END
    ELSE 'live-restore off: a daemon restart or upgrade stops all ' || r.n || ' running container'
      || CASE WHEN r.n = 1 THEN '' ELSE 's' END END AS reason,
  r.n AS running_containers
FROM engines e
JOIN running r ON r.engine_id = e.engine_id
ORDER BY resource;
