-- id: host-docker-group-root-equiv
-- title: Non-root principal is root-equivalent through the engine socket
-- severity: high
-- section: host
-- cis: 1.1.2
-- rationale: Anyone who can write to a rootful engine's socket can run docker run -v /:/host --privileged and is root on the host; membership of the socket's group (docker) is sudo without a password or a log. Owners, listed group members, users whose primary group it is and world access all count; directory-service groups are not in /etc/group and are not seen.
-- remediation: Remove users from the socket's group (gpasswd -d <user> docker), give them per-user rootless engines, and treat remaining membership like sudo.
-- Reads host_access (schema/0002_host.sql): one row per principal and engine, whatever the number of ways it reaches the socket.
-- Row severity: critical for world access (every local user and every process running as one).
WITH per_principal AS (
  SELECT engine_id, principal, max(socket_path) AS socket_path, max(mode) AS mode, max("group") AS grp,
    max(root_equivalent) AS root_equivalent, max(principal_uid) AS uid,
    group_concat(CASE via WHEN 'group' THEN 'member of group ' || "group"
      WHEN 'primary-group' THEN 'primary group ' || "group"
      WHEN 'owner' THEN 'owns the socket'
      ELSE 'mode ' || mode || ' lets every user write' END, ', ') AS how
  FROM (SELECT * FROM host_access ORDER BY via)
  GROUP BY engine_id, principal
)
SELECT
  engine_id || '/access/' || principal AS resource,
  CASE WHEN root_equivalent = 1 AND (principal = 'root' OR uid = 0) THEN 'ok'
    WHEN root_equivalent = 1 THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN root_equivalent = 1 AND (principal = 'root' OR uid = 0) THEN 'root reaches ' || socket_path || ' (' || how || '): expected'
    WHEN root_equivalent = 1 AND principal = '*'
      THEN 'every local user reaches ' || socket_path || ' (' || how || '): each can run docker run -v /:/host --privileged, i.e. is root'
    WHEN root_equivalent = 1
      THEN principal || ' reaches ' || socket_path || ' (' || how || '): can run docker run -v /:/host --privileged, i.e. is root'
    ELSE CASE WHEN principal = '*' THEN 'every local user' ELSE principal END || ' reaches ' || socket_path || ' (' || how
      || ') of a rootless engine: gains its owner''s privileges, not root' END AS reason,
  CASE WHEN root_equivalent = 1 AND principal = '*' THEN 'critical' END AS severity,
  engine_id, principal, uid
FROM per_principal
ORDER BY resource;
