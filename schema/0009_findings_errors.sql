-- posture schema, migration 0009: the open error findings, indexed on their own.
-- Every collect asks which checks have an open error (such a check always runs again; see
-- Sources/PostureChecks/IncrementalChecks.swift). Without this index that question visits every
-- open finding (some 43,000 rows at 1,000 containers, ~40 ms per collect even when nothing
-- changed); with it, only the error rows, which are few. Holds nothing but error rows.
CREATE INDEX findings_open_errors ON findings_versions(check_id) WHERE valid_to IS NULL AND status = 'error';
