-- posture schema, migration 0014: which inspect and history documents each current image's facts
-- were read from, so a collect that gets the same documents again does not read them again
-- (Sources/PostureCollect/Docker/EngineCollector.swift). Bookkeeping only, like inspect_digests
-- (0011) for containers: the facts stay in the versions tables, and a row here is only trusted
-- for an image whose facts are open.

CREATE TABLE image_digests ( -- keyed hash of the documents each current image's facts come from
  engine_id TEXT NOT NULL, -- engine the image belongs to
  image_id TEXT NOT NULL, -- image ID (sha256:...)
  digest BLOB NOT NULL, -- first 16 bytes of HMAC-SHA256 (the database's secret key) of the facts' revision, the inspect document and the history document
  PRIMARY KEY (engine_id, image_id)
) STRICT, WITHOUT ROWID;
