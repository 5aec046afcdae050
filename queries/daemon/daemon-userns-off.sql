-- id: daemon-userns-off
-- title: Rootful engine without user-namespace remapping
-- severity: medium
-- section: daemon
-- cis: 2.9
-- rationale: On a rootful engine without userns-remap, uid 0 in a container is uid 0 on the host: any escape, writable host mount or added capability is host root. Rootless engines and userns-remap map container root to an unprivileged host uid.
-- remediation: Run the engine rootless (dockerd-rootless-setuptool.sh install, or rootless Podman), or set "userns-remap": "default" with /etc/subuid and /etc/subgid entries.
-- Row severity: high when running containers on the engine run as root, medium otherwise.
WITH roots AS (
  SELECT c.engine_id, count(*) AS running,
    sum(CASE WHEN lower(u) IN ('', '0', 'root') OR lower(u) LIKE 'root:%' OR u LIKE '0:%' THEN 1 ELSE 0 END) AS as_root
  FROM (SELECT c.engine_id,
          CASE WHEN coalesce(c.user, '') <> '' THEN c.user ELSE coalesce(i.user, '') END AS u
        FROM containers c
        LEFT JOIN images i ON i.engine_id = c.engine_id AND i.image_id = c.image_id
        WHERE c.running = 1) AS c
  GROUP BY c.engine_id
)
SELECT
  e.engine_id AS resource,
  CASE WHEN e.rootless = 1 OR e.userns_remap = 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN e.rootless = 1 THEN 'rootless engine: container root maps to an unprivileged host user'
    WHEN e.userns_remap = 1 THEN 'userns-remap on: container root maps to an unprivileged host uid'
    ELSE 'rootful engine without userns-remap: container uid 0 is host uid 0 ('
      || coalesce(r.as_root, 0) || ' of ' || coalesce(r.running, 0) || ' running containers run as root)' END AS reason,
  CASE WHEN e.rootless = 1 OR e.userns_remap = 1 THEN NULL
    WHEN coalesce(r.as_root, 0) > 0 THEN 'high' ELSE 'medium' END AS severity
FROM engines e
LEFT JOIN roots r ON r.engine_id = e.engine_id
ORDER BY resource;
