import Foundation
import GRDB
import PostureFacts

/// Records a snapshot's place in the tamper-evident chain, inside the snapshot's transaction.
///
/// Reads the versions the snapshot opened and closed (see ``ChainState/ofSnapshot(_:_:tables:)``),
/// the snapshot's own rows and the previous snapshot's `snapshot_chain` row; writes
/// `snapshot_chain`, `snapshot_chain_tables` and, for a first snapshot, `chain_anchors`. A
/// database whose snapshots predate migration 0006 gets the chain of every existing snapshot
/// computed first (one pass over the stored rows), anchored with that reason.
struct ChainRecorder {
    let db: Database
    let now: String

    init(db: Database, now: Date = Date()) {
        self.db = db
        self.now = UTCTime.string(unixSeconds: Int64(now.timeIntervalSince1970.rounded(.down)))
    }

    private var connection: OpaquePointer {
        get throws {
            guard let c = db.sqliteConnection else { throw StoreError.queryFailed("the database connection is closed") }
            return c
        }
    }

    /// Records snapshot `id`, written just now in this transaction. `changed` names the
    /// versions tables in which it opened or closed versions (the writer knows); `nil` looks in
    /// every versioned table.
    func record(snapshot id: Int64, changed: Set<String>? = nil) throws {
        let tables = try ChainTables.discover(try connection)
        try backfillIfNeeded(before: id, tables: tables)
        let previous = try Row.fetchOne(
            db, sql: "SELECT snapshot_id, facts_digest, chain_hash FROM snapshot_chain WHERE snapshot_id < ? ORDER BY snapshot_id DESC LIMIT 1",
            arguments: [id])
        let (deltas, records) = try ChainState.ofSnapshot(id, try connection, tables: tables, changed: changed)
        var facts = MultisetDigest.zero
        let previousHash: Data
        if let previous {
            facts = MultisetDigest(bytes: previous["facts_digest"] as Data)
            previousHash = previous["chain_hash"]
        } else {
            previousHash = ChainHash.zero
            try anchor(id, previousHash: previousHash, reason: "first snapshot")
        }
        facts.add(deltas.digestSum)
        try write(snapshot: id, deltas: deltas, records: records, facts: facts, previousHash: previousHash)
    }

    /// Computes and records the chain of every snapshot before `id` when none is recorded yet
    /// (a database written before migration 0006). Returns without work otherwise.
    func backfillIfNeeded(before id: Int64, tables: ChainTables? = nil) throws {
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM snapshot_chain)") == true { return }
        let ids = try Int64.fetchAll(db, sql: "SELECT id FROM snapshots WHERE id < ? ORDER BY id", arguments: [id])
        guard let first = ids.first, let last = ids.last else { return }
        let tables = try tables ?? ChainTables.discover(try connection)
        let state = try ChainState.recompute(try connection, tables: tables)
        try anchor(
            first, previousHash: ChainHash.zero,
            reason: "chain computed for \(ids.count) snapshot(s) \(first)-\(last) written before posture recorded a chain "
                + "(schema 0006): they are verified from \(now) on, not from when they were written")
        var facts = MultisetDigest.zero
        var previousHash = ChainHash.zero
        for snapshot in ids {
            let deltas = snapshot == first ? state.folded(through: first) : state.deltas[snapshot] ?? [:]
            facts.add(deltas.digestSum)
            previousHash = try write(
                snapshot: snapshot, deltas: deltas, records: state.records[snapshot] ?? .zero, facts: facts,
                previousHash: previousHash)
        }
    }

    func anchor(_ id: Int64, previousHash: Data, reason: String) throws {
        try db.execute(
            sql: "INSERT INTO chain_anchors (snapshot_id, previous_hash, anchored_at, reason) VALUES (?, ?, ?, ?)",
            arguments: [id, previousHash, now, reason])
    }

    @discardableResult
    private func write(
        snapshot id: Int64, deltas: [String: TableDelta], records: MultisetDigest, facts: MultisetDigest,
        previousHash: Data
    ) throws -> Data {
        let chain = ChainHash.of(previous: previousHash, snapshotID: id, records: records, facts: facts)
        try db.execute(
            sql: "INSERT INTO snapshot_chain (snapshot_id, records_digest, facts_digest, chain_hash) VALUES (?, ?, ?, ?)",
            arguments: [id, records.data, facts.data, chain])
        try writeTables(snapshot: id, deltas: deltas)
        return chain
    }

    func writeTables(snapshot id: Int64, deltas: [String: TableDelta]) throws {
        let insert = try db.cachedStatement(
            sql: "INSERT INTO snapshot_chain_tables (snapshot_id, table_name, opened, closed, digest) VALUES (?, ?, ?, ?, ?)")
        for (name, delta) in deltas.sorted(by: { $0.key < $1.key }) where delta.opened != 0 || delta.closed != 0 || !delta.digest.isZero {
            try insert.execute(arguments: [id, name, delta.opened, delta.closed, delta.digest.data])
        }
    }
}
