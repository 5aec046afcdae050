-- id: daemon-authz-shared
-- title: Shared rootful daemon without an authorization plugin
-- severity: medium
-- section: daemon
-- cis: 2.12
-- rationale: When more than one non-root principal can reach a rootful engine's socket, each of them is root and nothing records or limits what they do; an authorization plugin can refuse privileged containers and host mounts per user. This refines daemon-authz with the recorded socket access.
-- remediation: Deploy an authorization plugin ("authorization-plugins" in daemon.json), or cut socket access down to one administrator (per-user rootless daemons for the rest).
-- Reads host_access (schema/0002_host.sql). World access (principal *) counts as many principals.
WITH principals AS (
  SELECT engine_id, count(*) AS n, max(principal = '*') AS world,
    group_concat(CASE WHEN principal = '*' THEN 'every local user' ELSE principal END, ', ') AS names
  FROM (SELECT DISTINCT engine_id, principal FROM host_access
        WHERE root_equivalent = 1 AND principal <> 'root' AND principal_uid IS NOT 0
        ORDER BY principal = '*', principal)
  GROUP BY engine_id
),
access AS (SELECT engine_id, max(rootless) AS rootless FROM host_access GROUP BY engine_id)
SELECT
  e.engine_id AS resource,
  CASE WHEN e.kind = 'podman' THEN 'skip'
    WHEN a.engine_id IS NULL THEN 'skip'
    WHEN e.rootless = 1 OR a.rootless = 1 THEN 'skip'
    WHEN coalesce(e.authorization_plugins, '') <> '' THEN 'ok'
    WHEN p.world = 1 OR coalesce(p.n, 0) > 1 THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN e.kind = 'podman' THEN 'podman has no authorization plugins; restrict socket access instead'
    WHEN a.engine_id IS NULL THEN
      CASE WHEN e.engine_id NOT LIKE 'unix://%' THEN 'remote engine: socket access is only visible to posture running on its own host'
        ELSE 'no socket access recorded for this engine' END
    WHEN e.rootless = 1 OR a.rootless = 1 THEN 'rootless engine: reaching the socket gives its owner''s privileges, not root'
    WHEN coalesce(e.authorization_plugins, '') <> '' THEN 'authorization plugins ' || e.authorization_plugins || ' filter every request; ' ||
      CASE WHEN p.n IS NULL THEN 'only root reaches the socket' ELSE 'root-equivalent principals: ' || p.names END
    WHEN p.world = 1 OR coalesce(p.n, 0) > 1
      THEN 'root-equivalent through the socket without an authorization plugin: ' || p.names
    WHEN coalesce(p.n, 0) = 1 THEN 'one non-root principal reaches the socket (' || p.names || '): not shared'
    ELSE 'no non-root principal reaches the socket' END AS reason,
  e.engine_id
FROM engines e
LEFT JOIN access a ON a.engine_id = e.engine_id
LEFT JOIN principals p ON p.engine_id = e.engine_id
ORDER BY resource;
