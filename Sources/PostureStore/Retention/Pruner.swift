import Foundation
import GRDB

/// What a prune did: its plan and the file's size before and after reclaiming space.
public struct PruneResult: Sendable {
    public let plan: PrunePlan
    /// Bytes of the database file plus its WAL, before the prune and after VACUUM.
    public let bytesBefore: Int64
    public let bytesAfter: Int64
    /// The anchor's reason, as recorded in `chain_anchors`.
    public let anchorReason: String?
}

extension PostureDatabase {
    /// What `prune` would remove under `policy`, without changing anything.
    public func planPrune(_ policy: RetentionPolicy, now: Date = Date()) throws -> PrunePlan? {
        try queue.read { db in
            try PrunePlan.checkReferences(db, path: path)
            return try PrunePlan.make(db, policy: policy, now: now)
        }
    }

    /// Removes the snapshots `policy` does not keep, in one transaction, then reclaims space.
    ///
    /// Deletes versions with `valid_to <= oldestKept` from every versioned table (no kept
    /// snapshot sees them), rows of every `snapshot_id` table with `snapshot_id < oldestKept`,
    /// and the snapshots. Versions still valid keep their `valid_from` (which may name a removed
    /// snapshot), so every kept snapshot answers exactly as before. The chain is re-anchored on
    /// the oldest kept snapshot from the recorded digests (never recomputed from the rows, so a
    /// prune can not launder an edit): its per-table rows become the state valid in it, and
    /// `chain_anchors` records when, why and the hash it chained from. Then VACUUM and a WAL
    /// checkpoint return the space to the file system.
    public func prune(_ policy: RetentionPolicy, now: Date = Date()) throws -> PruneResult {
        let before = fileBytes()
        var anchorReason: String?
        // Through `write`, which maps a held lock or a full disk to a StoreError naming the
        // database and what to do, as every other writer's.
        let plan: PrunePlan? = try write { db in
            try PrunePlan.checkReferences(db, path: path)
            let recorder = ChainRecorder(db: db, now: now)
            if let latest = try Int64.fetchOne(db, sql: "SELECT max(id) FROM snapshots") {
                try recorder.backfillIfNeeded(before: latest + 1)
            }
            guard let plan = try PrunePlan.make(db, policy: policy, now: now), !plan.isEmpty else { return nil }
            let k = plan.oldestKept
            let previousHash = try Data.fetchOne(
                db, sql: "SELECT chain_hash FROM snapshot_chain WHERE snapshot_id < ? ORDER BY snapshot_id DESC LIMIT 1",
                arguments: [k]) ?? ChainHash.zero
            var anchorTables: [String: TableDelta] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT table_name, opened, closed, digest FROM snapshot_chain_tables WHERE snapshot_id <= ?",
                arguments: [k])
            {
                let delta = TableDelta(opened: row["opened"], closed: row["closed"], digest: MultisetDigest(bytes: row["digest"] as Data))
                anchorTables[row["table_name"], default: TableDelta()].fold(delta)
            }

            for table in try PrunePlan.versionedTables(db) {
                try db.execute(sql: "DELETE FROM \(quote(table)) WHERE valid_to <= ?", arguments: [k])
            }
            for table in try PrunePlan.recordTables(db) where table != "snapshot_chain_tables" && table != "chain_anchors" {
                try db.execute(sql: "DELETE FROM \(quote(table)) WHERE snapshot_id < ?", arguments: [k])
            }
            try db.execute(sql: "DELETE FROM snapshot_chain_tables WHERE snapshot_id <= ?", arguments: [k])
            try recorder.writeTables(snapshot: k, deltas: anchorTables)
            try db.execute(sql: "DELETE FROM snapshots WHERE id < ?", arguments: [k])
            // A timed check may read the time of a removed snapshot (when a scan was first
            // recorded): the next collect runs those checks again (IncrementalChecks).
            try db.execute(sql: "UPDATE check_revisions SET timed = 0 WHERE timed = 1")

            let range = plan.removed.map { "\($0.lowerBound)-\($0.upperBound)" } ?? ""
            let reason = "prune \(policy.description): removed \(plan.removedSnapshots) snapshot(s) \(range); "
                + "snapshot \(k) is the oldest kept and anchors the chain"
            try recorder.anchor(k, previousHash: previousHash, reason: reason)
            anchorReason = reason
            return plan
        }
        guard let plan else {
            let current = try queue.read { db in try PrunePlan.make(db, policy: policy, now: now) }
            return PruneResult(
                plan: current ?? PrunePlan(oldestKept: 0, latest: 0, removed: nil, removedSnapshots: 0, rows: [:]),
                bytesBefore: before, bytesAfter: before, anchorReason: nil)
        }
        try WriteFailure.mapping(path: path, busyTimeout: busyTimeout) {
            try queue.vacuum()
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
        return PruneResult(plan: plan, bytesBefore: before, bytesAfter: fileBytes(), anchorReason: anchorReason)
    }

    /// Size of the database file and its WAL in bytes.
    func fileBytes() -> Int64 {
        [path, path + "-wal"].reduce(Int64(0)) { sum, file in
            sum + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }
}
