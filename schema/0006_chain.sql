-- posture schema, migration 0006: the tamper-evident chain over snapshots (`posture verify`).
--
-- Every snapshot records a digest of the facts valid in it and a hash chaining the previous
-- snapshot's hash. The facts digest is a multiset digest: the sum modulo 2^256 of
-- SHA-256(table, column values) over every version valid in the snapshot, kept up to date by
-- adding the versions a snapshot opens (valid_from = N) and subtracting those it closes
-- (valid_to = N), so writing a snapshot costs what changed, not what is stored.
-- `posture verify` recomputes every digest from the rows' column values and names the first
-- snapshot whose recorded facts no longer match. Databases written before this migration get
-- their chain computed for every existing snapshot by the first collect (or prune) after it,
-- recorded as an anchor with that reason.

CREATE TABLE snapshot_chain ( -- one row per snapshot: its place in the tamper-evident chain
  snapshot_id INTEGER PRIMARY KEY, -- the snapshot
  records_digest BLOB NOT NULL, -- multiset digest of the snapshot's own rows (snapshots, snapshot_collectors, per-snapshot samples)
  facts_digest BLOB NOT NULL, -- multiset digest (sum mod 2^256 of SHA-256) of every fact version valid in the snapshot
  chain_hash BLOB NOT NULL -- SHA-256 of the previous snapshot's chain_hash (the anchor's previous_hash for the oldest), the snapshot id, records_digest and facts_digest
) STRICT;

CREATE TABLE snapshot_chain_tables ( -- one row per snapshot x versioned table the snapshot changed: what it opened and closed there
  snapshot_id INTEGER NOT NULL, -- the snapshot
  table_name TEXT NOT NULL, -- versions table (containers_versions, ...)
  opened INTEGER NOT NULL, -- versions opened in the snapshot (valid_from = snapshot); for an anchor: versions valid in it
  closed INTEGER NOT NULL, -- versions closed in the snapshot (valid_to = snapshot); 0 for an anchor
  digest BLOB NOT NULL, -- multiset digest of the opened versions minus the closed ones; for an anchor: of every version valid in it
  PRIMARY KEY (snapshot_id, table_name)
) STRICT, WITHOUT ROWID;

CREATE TABLE chain_anchors ( -- one row per time the chain was (re)started: the first snapshot, the first write after this migration, every prune
  snapshot_id INTEGER NOT NULL, -- snapshot the chain starts from (the oldest kept one after a prune); may no longer exist after a later prune
  previous_hash BLOB NOT NULL, -- chain_hash the anchor's own chain_hash was computed from (zeros for a first snapshot)
  anchored_at TEXT NOT NULL, -- when the anchor was recorded (ISO-8601 UTC)
  reason TEXT NOT NULL -- why: first snapshot, chain computed for existing snapshots, or what a prune removed
) STRICT;
CREATE INDEX chain_anchors_by_snapshot ON chain_anchors(snapshot_id);
