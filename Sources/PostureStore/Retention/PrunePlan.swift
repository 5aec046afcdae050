import Foundation
import GRDB

/// What a prune removes: every snapshot older than `oldestKept`, the versions no kept snapshot
/// uses (`valid_to <= oldestKept`), and the per-snapshot rows of removed snapshots.
public struct PrunePlan: Sendable {
    public let oldestKept: Int64
    public let latest: Int64
    /// Removed snapshot ids, first and last (nil when nothing is removed).
    public let removed: ClosedRange<Int64>?
    public let removedSnapshots: Int
    /// Table → rows removed (versions, collector rows, samples), tables with none left out.
    public let rows: [String: Int]

    public var isEmpty: Bool { removedSnapshots == 0 }

    /// Per-snapshot tables prune clears by `snapshot_id` (besides `snapshots` itself and the chain's own rows).
    static func recordTables(_ db: Database) throws -> [String] {
        try String.fetchAll(
            db,
            sql: """
                SELECT t.name FROM sqlite_schema t, pragma_table_info(t.name) c
                WHERE t.type = 'table' AND c.name = 'snapshot_id' ORDER BY t.name
                """)
    }

    static func versionedTables(_ db: Database) throws -> [String] {
        try String.fetchAll(
            db,
            sql: """
                SELECT t.name FROM sqlite_schema t, pragma_table_info(t.name) c
                WHERE t.type = 'table' AND c.name = 'valid_to'
                  AND EXISTS (SELECT 1 FROM pragma_table_info(t.name) f WHERE f.name = 'valid_from')
                ORDER BY t.name
                """)
    }

    /// Refuses to prune a database holding a table that references snapshots in a way prune
    /// does not know (a foreign key to `snapshots` through a column other than `snapshot_id`).
    static func checkReferences(_ db: Database, path: String) throws {
        let unknown = try Row.fetchAll(
            db,
            sql: """
                SELECT t.name AS tbl, k."from" AS col FROM sqlite_schema t, pragma_foreign_key_list(t.name) k
                WHERE t.type = 'table' AND k."table" = 'snapshots' AND k."from" <> 'snapshot_id'
                """)
        if let first = unknown.first {
            throw StoreError.cannotPrune(
                path: path,
                reason: "table \(first["tbl"] as String) references snapshots through \(first["col"] as String), which this posture can not prune (upgrade posture)")
        }
    }

    /// The plan for `policy` on the database as it is now.
    static func make(_ db: Database, policy: RetentionPolicy, now: Date) throws -> PrunePlan? {
        guard let latest = try Int64.fetchOne(db, sql: "SELECT max(id) FROM snapshots") else { return nil }
        var oldestKept = latest
        if let age = policy.age {
            let f = ISO8601DateFormatter()
            f.timeZone = TimeZone(identifier: "UTC")
            let cutoff = f.string(from: now.addingTimeInterval(-age))
            if let id = try Int64.fetchOne(db, sql: "SELECT min(id) FROM snapshots WHERE taken_at >= ?", arguments: [cutoff]) {
                oldestKept = min(oldestKept, id)
            }
        }
        if let count = policy.count {
            let id = try Int64.fetchOne(
                db, sql: "SELECT min(id) FROM (SELECT id FROM snapshots ORDER BY id DESC LIMIT ?)", arguments: [count])
            oldestKept = min(oldestKept, id ?? latest)
        }
        let removedSnapshots = try Int.fetchOne(db, sql: "SELECT count(*) FROM snapshots WHERE id < ?", arguments: [oldestKept]) ?? 0
        let first = try Int64.fetchOne(db, sql: "SELECT min(id) FROM snapshots WHERE id < ?", arguments: [oldestKept])
        var rows: [String: Int] = [:]
        for table in try versionedTables(db) {
            let n = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM \(quote(table)) WHERE valid_to <= ?", arguments: [oldestKept]) ?? 0
            if n > 0 { rows[table] = n }
        }
        for table in try recordTables(db) where !ChainTables.chainTables.contains(table) {
            let n = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM \(quote(table)) WHERE snapshot_id < ?", arguments: [oldestKept]) ?? 0
            if n > 0 { rows[table] = n }
        }
        return PrunePlan(
            oldestKept: oldestKept, latest: latest, removed: first.map { $0...(oldestKept - 1) },
            removedSnapshots: removedSnapshots, rows: rows)
    }
}
