-- posture schema, migration 0008: which revision of each check the current findings come from.
-- A collect evaluates only the checks whose input tables changed in its snapshot
-- (Sources/PostureChecks/IncrementalChecks.swift); this table tells it that a check's open
-- findings, or its lack of any, were produced by the same check text, header and SQL, so they
-- can stand. Bookkeeping only: the findings themselves stay in findings_versions.

CREATE TABLE check_revisions ( -- the check text each check's current findings were evaluated with
  check_id TEXT PRIMARY KEY, -- check id
  revision TEXT NOT NULL, -- SHA-256 (hex) of the check's whole file, header and SQL
  reads TEXT NOT NULL, -- tables the check's SQL reads (views resolved), comma separated, as SQLite reported them
  evaluated_in INTEGER NOT NULL -- snapshot in which the check last ran
) STRICT;
