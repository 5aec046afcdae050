-- id: host-docker-group-root-equiv
-- title: Non-root principal is root-equivalent through the engine socket
-- severity: high
-- section: host
-- cis: 1.1.2
-- rationale: Anyone who can write to a rootful engine's socket can run docker run -v /:/host --privileged and is root on the host; membership of the socket's group (docker) is sudo without a password or a log. Owners, group members, users whose primary group it is and world access all count.
-- remediation: Remove users from the socket's group (gpasswd -d <user> docker), give them per-user rootless engines, and treat remaining membership like sudo.
-- Needs: host_access (schema/0002_host.sql). One row per principal and engine socket.
SELECT
  a.engine_id || '/access/' || a.principal AS resource,
  CASE WHEN a.root_equivalent = 1 AND a.principal NOT IN ('root', '0') THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN a.root_equivalent = 1 AND a.principal NOT IN ('root', '0')
      THEN a.principal || ' reaches ' || a.socket_path || ' via ' || a.via
        || CASE a.via WHEN 'group' THEN ' (member of ' || a."group" || ')'
                      WHEN 'primary-group' THEN ' (primary group ' || a."group" || ')'
                      WHEN 'owner' THEN ' (owns the socket)'
                      ELSE ' (mode ' || a.mode || ')' END
        || ': can run docker run -v /:/host --privileged, i.e. is root'
    WHEN a.root_equivalent = 1 THEN 'root reaches ' || a.socket_path || ' (expected)'
    ELSE a.principal || ' reaches ' || a.socket_path || ' via ' || a.via || ' without root equivalence (rootless engine)' END AS reason,
  CASE WHEN a.root_equivalent = 1 AND a.via = 'world' THEN 'critical' END AS severity
FROM host_access a
ORDER BY resource;
