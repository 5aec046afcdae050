-- id: daemon-nnp-default
-- title: Daemon does not default to no-new-privileges
-- severity: medium
-- section: daemon
-- cis: 2.14
-- rationale: With "no-new-privileges": true every new container gets no-new-privileges unless it opts out, so setuid binaries and file capabilities cannot raise privileges; otherwise each container must remember to ask for it.
-- remediation: Set "no-new-privileges": true in daemon.json and restart the daemon; recreate containers to pick it up.
SELECT
  e.engine_id AS resource,
  CASE WHEN e.no_new_privileges = 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN e.no_new_privileges = 1 THEN 'no-new-privileges is the daemon-wide default'
    ELSE 'no daemon-wide no-new-privileges default: each container must set it' END AS reason
FROM engines e
ORDER BY resource;
