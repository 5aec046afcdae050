-- posture schema, migration 0010: the versions of one container, whatever their state, proven by
-- EXPLAIN QUERY PLAN in Tests/PostureReportTests/DiffQueryPlanTests.swift.

-- `report --diff` keys the rows of a container's child tables by its name as of each side. For a
-- container unchanged between A and B whose name is not among the versions the diff read, and
-- no longer open (an older snapshot's diff), the name is its version that began by A and ended
-- after it. Without this index that lookup walked the `valid_to` index over every version closed
-- after A: the whole history for an early snapshot, so a diff of snapshots 10 -> 11 cost more
-- than 999 -> 1000. With it, a few entries per container.
CREATE INDEX containers_by_id ON containers_versions(engine_id, container_id, valid_from);
