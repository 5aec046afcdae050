-- id: daemon-authz-shared
-- title: Shared rootful daemon without an authorization plugin
-- severity: medium
-- section: daemon
-- cis: 2.12
-- rationale: When more than one non-root principal can reach a rootful engine's socket, each of them is root and nothing records or limits what they do; an authorization plugin can refuse privileged containers and host mounts per user. This refines daemon-authz with the recorded socket access.
-- remediation: Deploy an authorization plugin ("authorization-plugins" in daemon.json), or cut socket access down to one administrator (per-user rootless daemons for the rest).
-- Needs: host_access (schema/0002_host.sql).
WITH principals AS (
  SELECT engine_id, count(DISTINCT principal) AS n,
    group_concat(DISTINCT principal) AS names
  FROM (SELECT * FROM host_access WHERE root_equivalent = 1 AND principal NOT IN ('root', '0') ORDER BY principal)
  GROUP BY engine_id
)
SELECT
  e.engine_id AS resource,
  CASE WHEN e.kind = 'podman' OR e.rootless = 1 THEN 'skip'
    WHEN coalesce(e.authorization_plugins, '') <> '' THEN 'ok'
    WHEN coalesce(p.n, 0) > 1 THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN e.kind = 'podman' THEN 'podman has no authorization plugins'
    WHEN e.rootless = 1 THEN 'rootless engine: only its owner reaches the socket'
    WHEN coalesce(e.authorization_plugins, '') <> '' THEN 'authorization plugins: ' || e.authorization_plugins
    WHEN coalesce(p.n, 0) > 1 THEN p.n || ' non-root principals are root-equivalent through the socket (' || p.names || ') and no authorization plugin limits them'
    ELSE 'at most one non-root principal reaches the socket' END AS reason
FROM engines e
LEFT JOIN principals p ON p.engine_id = e.engine_id
ORDER BY resource;
