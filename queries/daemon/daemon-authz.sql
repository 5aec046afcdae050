-- id: daemon-authz
-- title: No authorization plugin
-- severity: low
-- section: daemon
-- cis: 2.12
-- rationale: Without an authorization plugin every client that reaches the socket may do everything, including starting privileged containers; an authz plugin can refuse such requests per user. Rootless engines (reachable by their owner only) and Podman (no plugin interface) are skipped.
-- remediation: Deploy an authorization plugin ("authorization-plugins" in daemon.json), or restrict who can reach the socket.
SELECT
  e.engine_id AS resource,
  CASE WHEN e.kind = 'podman' THEN 'skip'
    WHEN e.rootless = 1 THEN 'skip'
    WHEN coalesce(e.authorization_plugins, '') = '' THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN e.kind = 'podman' THEN 'podman has no authorization plugins; restrict socket access instead'
    WHEN e.rootless = 1 THEN 'rootless engine: only its owner reaches the socket'
    WHEN coalesce(e.authorization_plugins, '') = '' THEN 'no authorization plugin: anyone who reaches the socket may run privileged containers'
    ELSE 'authorization plugins: ' || e.authorization_plugins END AS reason
FROM engines e
ORDER BY resource;
