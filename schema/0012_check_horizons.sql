-- posture schema, migration 0012: when a check that compares with the snapshot's time can next
-- change its answer. A check that returns a `changes_at` column (queries/README.md, "Checks
-- that age") says, row by row, when time alone would change that row; a collect whose snapshot
-- is older than the earliest of those times, and in which nothing else the check reads
-- changed, keeps its findings as they are instead of running it again
-- (Sources/PostureChecks/IncrementalChecks.swift). Bookkeeping only, like the rest of
-- check_revisions.

ALTER TABLE check_revisions ADD COLUMN timed INTEGER NOT NULL DEFAULT 0 -- 1 when the check returns changes_at: time changes its answer only at the times it names
  CHECK (timed IN (0, 1));
ALTER TABLE check_revisions ADD COLUMN changes_at TEXT -- earliest changes_at of the check's rows when it last ran (UTC, as datetime() writes it); NULL when time alone never changes its answer
  CHECK (changes_at IS NULL OR julianday(changes_at) IS NOT NULL);
