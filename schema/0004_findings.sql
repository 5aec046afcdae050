-- posture schema, migration 0004: findings, the stored results of the canned checks (queries/).
-- Written by `collect` after the facts of the same snapshot, change-only like every fact table:
-- a finding version holds while its check returns the same row for the same resource.

CREATE TABLE findings_versions ( -- one row per check x resource: what a check concluded about one resource
  row_id INTEGER PRIMARY KEY, -- version row id
  check_id TEXT NOT NULL, -- check id, also the file name queries/<section>/<check_id>.sql
  title TEXT NOT NULL, -- check title when the result was recorded
  severity TEXT NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')), -- severity of this result: the check's, or the row's own when the check grades its rows
  section TEXT NOT NULL, -- daemon, host, container, resources, network, image or vulnerabilities
  resource TEXT NOT NULL, -- what was examined: <engine_id> for an engine, <engine_id>/containers/<name>, <engine_id>/images/<image_id>, <engine_id>/networks/<name>; '*' for a check that failed
  status TEXT NOT NULL CHECK (status IN ('ok', 'alarm', 'skip', 'info', 'error')), -- ok (passes), alarm (fails), skip (not applicable), info (needs review), error (the check could not run)
  reason TEXT NOT NULL, -- why, in words specific to the resource
  sql_hash TEXT NOT NULL, -- hash of the check's SQL that produced the result (sha256:<hex>), so an old result stays explainable after the check changes
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX findings_open ON findings_versions(valid_to);
CREATE INDEX findings_from ON findings_versions(valid_from);
CREATE UNIQUE INDEX findings_key ON findings_versions(check_id, resource) WHERE valid_to IS NULL;
CREATE VIEW findings AS SELECT * FROM findings_versions WHERE valid_to IS NULL;
CREATE VIEW findings_history AS SELECT * FROM findings_versions;
