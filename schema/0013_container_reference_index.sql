-- posture schema, migration 0013: the open containers by the image reference they were created
-- from, covering (proven by EXPLAIN QUERY PLAN in Tests/PostureChecksTests/ContainerScopePlanTests.swift).

-- A changed tag scopes the per-container checks to the open containers whose reference has the
-- tag's repository name (Sources/PostureChecks/ContainerScope.swift). Without this index that
-- match read every open container's row: 10-20 ms at 5,000 containers before any name was
-- compared. With it, the references are read from the index alone.
CREATE INDEX containers_by_reference ON containers_versions(engine_id, image, container_id) WHERE valid_to IS NULL;
