-- id: daemon-cgroup-parent
-- title: Non-default daemon cgroup parent (review)
-- severity: info
-- section: daemon
-- cis: 2.10
-- rationale: A daemon-wide cgroup-parent moves every container under another cgroup, whose limits they then share with whatever else lives there; it should be deliberate.
-- remediation: Remove "cgroup-parent" from daemon.json unless the placement is intended and the parent is limited.
-- Needs: daemon_config (schema/0002_host.sql); a key without a row has the engine default.
SELECT
  e.engine_id AS resource,
  CASE WHEN coalesce(c.value, '') = '' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN coalesce(c.value, '') = '' THEN 'default cgroup parent'
    ELSE 'cgroup-parent ' || c.value || ' (' || c.source || '): review' END AS reason
FROM engines e
LEFT JOIN daemon_config c ON c.engine_id = e.engine_id AND c.key = 'cgroup-parent'
ORDER BY resource;
