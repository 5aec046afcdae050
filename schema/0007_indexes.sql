-- posture schema, migration 0007: indexes the canned checks need at scale (issue #7), each
-- proven by EXPLAIN QUERY PLAN in Tests/PostureStoreTests/IndexPlanTests.swift.

-- img-superseded resolves each running container's image reference to the image the tag now
-- names: without this index every lookup scans all of an engine's open tags (engine_id alone of
-- image_tags_key), 11 times per container; at 1,000 containers that check alone took seconds.
CREATE INDEX image_tags_by_reference ON image_tags_versions(engine_id, reference) WHERE valid_to IS NULL;
