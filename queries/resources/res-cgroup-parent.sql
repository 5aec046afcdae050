-- id: res-cgroup-parent
-- title: Non-default cgroup parent (review)
-- severity: info
-- section: resources
-- per: container
-- cis: 5.25
-- rationale: A container placed under a custom cgroup parent escapes the engine's own limits hierarchy and shares the parent's limits with whatever else lives there; it should be deliberate and documented.
-- remediation: Recreate without --cgroup-parent unless the placement is intended and the parent is itself limited.
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE WHEN coalesce(c.cgroup_parent, '') = '' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN coalesce(c.cgroup_parent, '') = '' THEN 'default cgroup parent'
    ELSE 'custom cgroup parent ' || c.cgroup_parent || ': review' END AS reason,
  c.engine_id, c.container_id
FROM containers c
WHERE c.running = 1
ORDER BY resource;
