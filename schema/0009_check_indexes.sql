-- posture schema, migration 0009: indexes for the checks a collect runs, each proven by
-- EXPLAIN QUERY PLAN in Tests/PostureStoreTests/IndexPlanTests.swift and measured at 1,000
-- containers.

-- Every collect asks which checks have an open error (such a check always runs again; see
-- Sources/PostureChecks/IncrementalChecks.swift). Without this index that question visits every
-- open finding (some 43,000 rows at 1,000 containers, ~40 ms per collect even when nothing
-- changed); with it, only the error rows, which are few. Holds nothing but error rows.
CREATE INDEX findings_open_errors ON findings_versions(check_id) WHERE valid_to IS NULL AND status = 'error';

-- img-sprawl asks, per image, whether a container uses it: without this index each question
-- scans every open container of the engine (60 images x 1,000 containers, four times over as
-- the check repeats the count); 21 ms -> 1 ms in sqlite3, same rows.
CREATE INDEX containers_by_image ON containers_versions(engine_id, image_id) WHERE valid_to IS NULL;
