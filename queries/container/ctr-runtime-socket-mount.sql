-- id: ctr-runtime-socket-mount
-- title: Container-engine socket mounted into a container
-- severity: critical
-- section: container
-- per: container
-- cis: 5.32
-- rationale: Whoever can talk to the engine socket can start a privileged container with the host's / mounted; a read-only bind does not stop API calls. Directories that hold the socket (/run, /var/run, /run/containerd, /run/user/<uid>) expose it too.
-- remediation: Remove the mount. If a tool really needs the API, give it a filtering read-only socket proxy instead of the socket.
WITH mounts AS (
  SELECT m.engine_id, m.container_id, m.destination, m.rw,
    CASE WHEN m.type = 'volume' THEN v.bind_device ELSE m.source END AS host_path,
    CASE WHEN m.type = 'volume' THEN ' (bind hidden in volume ' || m.volume_name || ')' ELSE '' END AS via
  FROM container_mounts m
  LEFT JOIN volumes v ON v.engine_id = m.engine_id AND v.name = m.volume_name
  WHERE m.type IN ('bind', 'volume')
),
hits AS (
  SELECT engine_id, container_id,
    host_path || via || ' -> ' || destination || CASE WHEN rw = 1 THEN ' (rw)' ELSE ' (ro)' END AS what
  FROM mounts
  WHERE host_path IS NOT NULL AND (
       host_path LIKE '%/docker.sock' OR host_path LIKE '%/containerd.sock'
    OR host_path LIKE '%/podman.sock' OR host_path LIKE '%/crio.sock'
    OR host_path LIKE '%/cri-dockerd.sock'
    OR rtrim(host_path, '/') IN ('/run', '/var/run', '/run/containerd', '/var/run/containerd',
         '/run/podman', '/var/run/podman', '/run/docker', '/var/run/docker', '/run/crio', '/var/run/crio')
    OR (rtrim(host_path, '/') GLOB '/run/user/[0-9]*'
        AND (instr(substr(rtrim(host_path, '/'), 11), '/') = 0 OR rtrim(host_path, '/') GLOB '/run/user/[0-9]*/podman')))
),
per_container AS (
  SELECT engine_id, container_id, group_concat(what, '; ') AS what
  FROM (SELECT * FROM hits ORDER BY what)
  GROUP BY engine_id, container_id
)
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN h.what IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN h.what IS NULL THEN 'no engine socket or socket directory mounted'
    ELSE 'engine socket reachable through ' || h.what || '; read-only does not stop API calls' END AS reason,
  c.engine_id, c.container_id
FROM containers c
LEFT JOIN per_container h ON h.engine_id = c.engine_id AND h.container_id = c.container_id
WHERE c.running = 1
ORDER BY resource;
