import Foundation
import PostureFacts

/// What `posture verify` found.
public struct ChainVerification: Sendable {
    /// The anchor the chain was checked from.
    public struct Anchor: Sendable {
        public let snapshotID: Int64
        public let anchoredAt: String
        public let reason: String
    }

    /// The first snapshot whose recorded chain no longer matches the rows, and why.
    public struct Failure: Sendable, Error {
        public let snapshotID: Int64
        public let takenAt: String?
        public let problems: [String]
    }

    public let snapshotsVerified: Int
    public let firstSnapshot: Int64?
    public let lastSnapshot: Int64?
    public let anchor: Anchor?
    /// chain_hash of the latest snapshot (hex): record it elsewhere to detect a rewritten chain.
    public let head: String?
    public let failure: Failure?
}

/// Recomputes the chain from the rows themselves and compares it with what each snapshot
/// recorded (`snapshot_chain`, `snapshot_chain_tables`, `chain_anchors`).
///
/// Reads every versioned table, every snapshot record and the chain tables in one read
/// transaction; writes nothing. Every version is hashed from its column values, so a fact
/// edited, inserted or deleted by hand changes the digest of the snapshots it was valid in.
public enum ChainVerifier {
    public static func verify(_ database: ReadOnlyDatabase) throws -> ChainVerification {
        try database.withReadTransaction { connection in try verify(connection) }
    }

    static func verify(_ connection: OpaquePointer) throws -> ChainVerification {
        let tables = try ChainTables.discover(connection)
        var snapshots: [(id: Int64, takenAt: String?)] = []
        let s = try RawStatement(connection, "SELECT id, taken_at FROM main.snapshots ORDER BY id")
        while try s.step() { snapshots.append((s.int(0) ?? 0, s.text(1))) }

        var recorded: [Int64: (records: Data, facts: Data, chain: Data)] = [:]
        let c = try RawStatement(connection, "SELECT snapshot_id, records_digest, facts_digest, chain_hash FROM snapshot_chain")
        while try c.step() { recorded[c.int(0) ?? 0] = (c.blob(1), c.blob(2), c.blob(3)) }

        var recordedTables: [Int64: [String: TableDelta]] = [:]
        let t = try RawStatement(connection, "SELECT snapshot_id, table_name, opened, closed, digest FROM snapshot_chain_tables")
        while try t.step() {
            recordedTables[t.int(0) ?? 0, default: [:]][t.text(1) ?? ""] = TableDelta(
                opened: Int(t.int(2) ?? 0), closed: Int(t.int(3) ?? 0), digest: MultisetDigest(bytes: t.blob(4)))
        }

        guard let first = snapshots.first, let last = snapshots.last else {
            return ChainVerification(
                snapshotsVerified: 0, firstSnapshot: nil, lastSnapshot: nil, anchor: nil, head: nil,
                failure: recorded.isEmpty ? nil : ChainVerification.Failure(
                    snapshotID: recorded.keys.min() ?? 0, takenAt: nil,
                    problems: ["every snapshot was deleted, but the chain records remain"]))
        }
        func fail(_ id: Int64, _ problems: [String], verified: Int, anchor: ChainVerification.Anchor?) -> ChainVerification {
            ChainVerification(
                snapshotsVerified: verified, firstSnapshot: first.id, lastSnapshot: last.id, anchor: anchor, head: nil,
                failure: ChainVerification.Failure(
                    snapshotID: id, takenAt: snapshots.first { $0.id == id }?.takenAt, problems: problems))
        }
        if recorded.isEmpty {
            return fail(
                first.id,
                ["no chain is recorded: the database was written before posture recorded one (schema 0006); "
                    + "the next `posture collect` or `posture prune` computes it"], verified: 0, anchor: nil)
        }

        var anchorRow: ChainVerification.Anchor?
        var anchorPrevious = ChainHash.zero
        let a = try RawStatement(
            connection,
            "SELECT previous_hash, anchored_at, reason FROM chain_anchors WHERE snapshot_id = ? ORDER BY rowid DESC LIMIT 1")
        a.bind([first.id])
        if try a.step() {
            anchorPrevious = a.blob(0)
            anchorRow = ChainVerification.Anchor(snapshotID: first.id, anchoredAt: a.text(1) ?? "", reason: a.text(2) ?? "")
        } else {
            return fail(
                first.id,
                ["it is the oldest snapshot but no anchor names it: older snapshots were removed outside `posture prune`"],
                verified: 0, anchor: nil)
        }

        let state = try ChainState.recompute(connection, tables: tables)
        let existing = Set(snapshots.map(\.id))
        // Rows that name a snapshot which does not exist (after the anchor) can not be checked
        // against any record: a deleted snapshot, or a forged valid_from / valid_to.
        var orphans: [Int64: [String]] = [:]
        for id in recorded.keys where !existing.contains(id) && id > first.id {
            orphans[id, default: []].append("snapshot \(id) was deleted, but its chain record remains")
        }
        for (id, deltas) in state.deltas where !existing.contains(id) && id > first.id {
            for name in deltas.keys.sorted() {
                orphans[id, default: []].append("\(name) has versions opened or closed in snapshot \(id), which does not exist")
            }
        }

        var facts = MultisetDigest.zero
        var previousHash = anchorPrevious
        var verified = 0
        for snapshot in snapshots {
            if let orphan = orphans.keys.filter({ $0 < snapshot.id }).min() {
                return fail(orphan, orphans[orphan] ?? [], verified: verified, anchor: anchorRow)
            }
            let id = snapshot.id
            let found = id == first.id ? state.folded(through: id) : state.deltas[id] ?? [:]
            let expected = recordedTables[id] ?? [:]
            var problems: [String] = []
            for name in Set(found.keys).union(expected.keys).sorted() {
                let f = found[name] ?? TableDelta()
                let r = expected[name] ?? TableDelta()
                if f == r { continue }
                let what = id == first.id ? "versions valid in this anchor snapshot" : "versions opened/closed"
                let counts = id == first.id ? "recorded \(r.opened), found \(f.opened)" : "recorded \(r.opened)/\(r.closed), found \(f.opened)/\(f.closed)"
                if f.opened == r.opened && f.closed == r.closed {
                    problems.append("\(name): a version valid in this snapshot was changed (\(what): \(counts), content differs)")
                } else {
                    problems.append("\(name): versions were inserted or deleted (\(what): \(counts))")
                }
            }
            facts.add(found.digestSum)
            let records = state.records[id] ?? .zero
            let chain = ChainHash.of(previous: previousHash, snapshotID: id, records: records, facts: facts)
            if let r = recorded[id] {
                if r.records != records.data {
                    problems.append("its own rows (snapshots, snapshot_collectors or samples) were changed")
                }
                if r.facts != facts.data && problems.isEmpty {
                    problems.append("the facts valid in it do not add up to the recorded digest")
                }
                if r.chain != chain && problems.isEmpty {
                    problems.append("its chain hash does not follow from the previous snapshot's (a snapshot was removed or a hash edited)")
                }
            } else {
                problems.append("it has no chain record")
            }
            if !problems.isEmpty {
                return fail(id, problems, verified: verified, anchor: anchorRow)
            }
            previousHash = chain
            verified += 1
        }
        if let orphan = orphans.keys.min() {
            return fail(orphan, orphans[orphan] ?? [], verified: verified, anchor: anchorRow)
        }
        return ChainVerification(
            snapshotsVerified: verified, firstSnapshot: first.id, lastSnapshot: last.id, anchor: anchorRow,
            head: previousHash.lowercaseHex, failure: nil)
    }
}
