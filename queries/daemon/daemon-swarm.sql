-- id: daemon-swarm
-- title: Swarm mode enabled
-- severity: info
-- section: daemon
-- cis: 5.1
-- rationale: Swarm mode opens management and overlay ports, runs a Raft store with secrets and disables live-restore; on a host that does not need it, it is surface without purpose.
-- remediation: If the host is not a swarm node by design, run docker swarm leave (--force on a manager).
SELECT
  e.engine_id AS resource,
  CASE WHEN e.swarm_state = 'active' THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN e.swarm_state = 'active' THEN 'swarm mode active: confirm this host needs it'
    ELSE 'swarm mode ' || coalesce(nullif(e.swarm_state, ''), 'inactive') END AS reason
FROM engines e
ORDER BY resource;
