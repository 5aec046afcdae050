-- id: host-runtime-socket-perms
-- title: Engine socket ownership or permissions too open
-- severity: high
-- section: host
-- cis: 3.16
-- rationale: A rootful engine socket should be owned by root, group docker (or root), with mode 0660 at most; any world bit makes every local user - and every process running as one - root. CIS 3.15 covers ownership and 3.16 the mode. A rootless engine's socket must at least not be world-writable.
-- remediation: chown root:docker <socket> and chmod 660 <socket>; for systemd socket activation set SocketUser=root, SocketGroup=docker, SocketMode=0660 in docker.socket.
-- Reads host_access (schema/0002_host.sql), which holds the socket's owner, group and mode (octal text, 0660) on each principal's row; a socket nobody but root can write has its owner row only.
-- Row severity: critical when a rootful engine's socket is writable by every user.
WITH sockets AS (
  SELECT engine_id, socket_path, max(mode) AS mode, max(owner) AS owner, max(owner_uid) AS owner_uid,
    max("group") AS grp, max(rootless) AS rootless, max(via = 'world') AS world
  FROM host_access
  GROUP BY engine_id, socket_path
),
bits AS (
  SELECT *,
    CAST(substr(mode, -3, 1) AS INTEGER) * 64 + CAST(substr(mode, -2, 1) AS INTEGER) * 8
      + CAST(substr(mode, -1, 1) AS INTEGER) AS perm
  FROM sockets
),
judged AS (
  SELECT *,
    trim(
      CASE WHEN perm & 2 <> 0 OR world = 1 THEN 'writable by every local user (mode ' || mode || '); '
        WHEN rootless = 0 AND perm & 7 <> 0 THEN 'other users have permission bits (mode ' || mode || '), CIS allows none; ' ELSE '' END
      || CASE WHEN rootless = 0 AND perm & 7 = 0 AND perm & ~432 <> 0 THEN 'mode ' || mode || ' is more than 0660; ' ELSE '' END
      || CASE WHEN rootless = 0 AND owner_uid <> 0 THEN 'owned by ' || owner || ', not root; ' ELSE '' END
      || CASE WHEN rootless = 0 AND grp NOT IN ('docker', 'root', 'podman') THEN 'group ' || grp || ', not docker or root; ' ELSE '' END,
      '; ') AS what
  FROM bits
)
SELECT
  engine_id || '/sockets' || socket_path AS resource,
  CASE WHEN what <> '' THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN what <> '' THEN 'socket ' || owner || ':' || grp || ' of a ' ||
      CASE WHEN rootless = 1 THEN 'rootless' ELSE 'rootful' END || ' engine: ' || what
    ELSE 'socket ' || owner || ':' || grp || ' mode ' || mode || CASE WHEN rootless = 1 THEN ' (rootless engine)' ELSE '' END END AS reason,
  CASE WHEN rootless = 0 AND (perm & 2 <> 0 OR world = 1) THEN 'critical' END AS severity,
  engine_id, socket_path
FROM judged
ORDER BY resource;
