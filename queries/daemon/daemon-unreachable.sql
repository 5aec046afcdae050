-- id: daemon-unreachable
-- title: Engine unreachable
-- severity: high
-- section: daemon
-- cis:
-- rationale: When the engine does not answer, nobody can manage, restart or inspect its containers - the daemon as a single point of failure, seen from outside. Its facts are kept as last seen, so other checks judge stale data for it.
-- remediation: Check the daemon (systemctl status docker / podman.socket), its socket permissions and disk space; collect again once it answers.
SELECT
  e.engine_id AS resource,
  CASE WHEN e.reachable = 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN e.reachable = 1 THEN 'engine answered'
    ELSE 'engine did not answer: ' || coalesce(e.error, 'no error recorded') || '; '
      || (SELECT count(*) FROM containers c WHERE c.engine_id = e.engine_id AND c.running = 1)
      || ' containers were running at the last successful collect' END AS reason
FROM engines e
ORDER BY resource;
