-- id: daemon-cgroup-parent
-- title: Non-default daemon cgroup parent (review)
-- severity: info
-- section: daemon
-- cis: 2.10
-- rationale: A daemon-wide cgroup-parent moves every container under another cgroup, whose limits they then share with whatever else lives there; it should be deliberate.
-- remediation: Remove "cgroup-parent" from daemon.json unless the placement is intended and the parent is limited.
-- Reads daemon_config (schema/0002_host.sql); a key without a row has the engine default. Podman (no such setting) is skipped.
SELECT
  e.engine_id AS resource,
  CASE WHEN e.kind = 'podman' THEN 'skip'
    WHEN NOT EXISTS (SELECT 1 FROM daemon_config a WHERE a.engine_id = e.engine_id) THEN 'skip'
    WHEN coalesce(c.value, '') = '' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN e.kind = 'podman' THEN 'podman has no daemon-wide cgroup parent'
    WHEN NOT EXISTS (SELECT 1 FROM daemon_config a WHERE a.engine_id = e.engine_id) THEN
      CASE WHEN e.engine_id NOT LIKE 'unix://%' THEN 'remote engine: its configuration is only visible to posture running on its own host'
        ELSE 'no daemon configuration recorded for this engine' END
    WHEN coalesce(c.value, '') = '' THEN 'default cgroup parent'
    ELSE 'cgroup-parent ' || c.value || ' (' || CASE c.source WHEN 'flag' THEN 'command line' ELSE coalesce(c.file_path, c.source) END || '): review' END AS reason,
  e.engine_id
FROM engines e
LEFT JOIN daemon_config c ON c.engine_id = e.engine_id AND c.key = 'cgroup-parent'
ORDER BY resource;
