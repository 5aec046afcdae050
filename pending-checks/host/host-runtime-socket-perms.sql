-- id: host-runtime-socket-perms
-- title: Engine socket ownership or permissions too open
-- severity: high
-- section: host
-- cis: 3.16
-- rationale: A rootful engine socket should be root:docker (or root:root) with mode 0660 at most; any world bit makes every local user - and every process running as one - root. CIS 3.15 covers ownership and 3.16 the mode.
-- remediation: chown root:docker <socket> and chmod 660 <socket>; for systemd socket activation set SocketUser=root, SocketGroup=docker, SocketMode=0660 in docker.socket.
-- Row severity: critical when the socket is world-accessible. mode is read as an octal string ('660', '0660') or as the integer st_mode permission bits.
WITH sockets AS (
  SELECT engine_id, socket_path, mode, owner, "group",
    max(via = 'world') AS world_row, max(root_equivalent) AS rooty
  FROM host_access
  GROUP BY engine_id, socket_path
),
bits AS (
  SELECT *,
    CASE typeof(mode) WHEN 'integer' THEN mode % 8
      ELSE CAST(substr(CAST(mode AS TEXT), -1, 1) AS INTEGER) END AS other_bits,
    CASE typeof(mode) WHEN 'integer' THEN (mode / 8) % 8
      ELSE CAST(substr(CAST(mode AS TEXT), -2, 1) AS INTEGER) END AS group_bits,
    CASE typeof(mode) WHEN 'integer' THEN printf('%o', mode % 512) ELSE CAST(mode AS TEXT) END AS mode_text
  FROM sockets
)
SELECT
  b.engine_id || '/sockets' || b.socket_path AS resource,
  CASE WHEN coalesce(e.rootless, 0) = 1 AND b.world_row = 0 AND b.other_bits = 0 THEN 'ok'
    WHEN b.world_row = 1 OR b.other_bits <> 0 THEN 'alarm'
    WHEN b.owner NOT IN ('root', '0') OR b."group" NOT IN ('docker', 'root', '0') THEN 'alarm'
    WHEN b.group_bits > 6 THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN coalesce(e.rootless, 0) = 1 AND b.world_row = 0 AND b.other_bits = 0 THEN 'rootless engine socket ' || b.owner || ':' || b."group" || ' mode ' || b.mode_text
    WHEN b.world_row = 1 OR b.other_bits <> 0 THEN 'socket ' || b.owner || ':' || b."group" || ' mode ' || b.mode_text || ' is accessible to every local user'
    WHEN b.owner NOT IN ('root', '0') OR b."group" NOT IN ('docker', 'root', '0') THEN 'socket owned by ' || b.owner || ':' || b."group" || ', not root:docker'
    WHEN b.group_bits > 6 THEN 'socket mode ' || b.mode_text || ' is more than 0660'
    ELSE 'socket ' || b.owner || ':' || b."group" || ' mode ' || b.mode_text END AS reason,
  CASE WHEN b.world_row = 1 OR b.other_bits <> 0 THEN 'critical' END AS severity
FROM bits b
LEFT JOIN engines e ON e.engine_id = b.engine_id
ORDER BY resource;
