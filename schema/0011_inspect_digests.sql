-- posture schema, migration 0011: which inspect document each current container's facts were read
-- from, so a collect that gets the same document again does not read it again
-- (Sources/PostureCollect/Docker/EngineCollector.swift). Bookkeeping only, like check_revisions:
-- the facts stay in the versions tables, and a row here is only trusted for a container whose
-- facts are open.

CREATE TABLE inspect_digests ( -- keyed hash of the inspect document each current container's facts come from
  engine_id TEXT NOT NULL, -- engine the container belongs to
  container_id TEXT NOT NULL, -- full container ID
  digest BLOB NOT NULL, -- first 16 bytes of HMAC-SHA256 (the database's secret key) of the facts' revision and the document's bytes
  PRIMARY KEY (engine_id, container_id)
) STRICT, WITHOUT ROWID;
