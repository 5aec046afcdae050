import Foundation
import GRDB
import PostureStore

/// What every snapshot of a posture database answers: for each snapshot id, the rows of every
/// public view scoped to it (the same `--snapshot N` scoping `posture query` uses), its
/// `snapshots` and `snapshot_collectors` rows and its samples (all without `valid_to`). Two
/// captures are equal when no earlier snapshot answers differently.
struct DatabaseState: Equatable {
    var answers: [Int64: [String: [String]]] = [:]

    var snapshotIDs: [Int64] { answers.keys.sorted() }

    static func capture(_ path: String) throws -> DatabaseState {
        let db = try ReadOnlyDatabase(path: path)
        let ids = try db.query("SELECT id FROM snapshots ORDER BY id").rows.compactMap { $0.first?.integer }
        let tables = try db.query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").rows
            .compactMap { $0.first?.text }
        var state = DatabaseState()
        for id in ids {
            let scoped = try ReadOnlyDatabase(path: path)
            try scoped.scope(toSnapshot: id)
            var views: [String: [String]] = [:]
            for table in tables where table.hasSuffix("_versions") {
                let view = String(table.dropLast("_versions".count))
                views[view] = try lines(scoped, "SELECT * FROM \(view)")
            }
            for table in tables where table.hasSuffix("_samples") {
                views[table] = try lines(scoped, "SELECT * FROM main.\(table) WHERE snapshot_id = \(id)")
            }
            views["snapshots"] = try lines(scoped, "SELECT * FROM main.snapshots WHERE id = \(id)")
            views["snapshot_collectors"] = try lines(
                scoped, "SELECT * FROM main.snapshot_collectors WHERE snapshot_id = \(id)")
            state.answers[id] = views
        }
        return state
    }

    /// Rows as sorted text lines (row order is not part of a view's answer), without
    /// `valid_to`: closing a version in a later snapshot sets it, which is bookkeeping of the
    /// later snapshot, not a change of what the earlier one answers.
    private static func lines(_ db: ReadOnlyDatabase, _ sql: String) throws -> [String] {
        let result = try db.query(sql)
        let kept = result.columns.indices.filter { result.columns[$0] != "valid_to" }
        return result.rows.map { row in kept.map { row[$0].text ?? "NULL" }.joined(separator: "|") }.sorted()
    }
}

extension SQLValue {
    var integer: Int64? { if case .int(let v) = self { return v } else { return nil } }
}

/// The checks every fault test runs afterwards: the file passes `PRAGMA integrity_check` and
/// `foreign_key_check`, no half-written snapshot is visible (every snapshot has its collectors'
/// rows, every fact version's range names snapshots that exist), and every snapshot that was
/// there before answers exactly as before.
enum FaultInvariants {
    struct Violation: Error, CustomStringConvertible {
        let description: String
    }

    /// Returns the state after the fault; throws a ``Violation`` naming what broke.
    @discardableResult
    static func check(_ path: String, before: DatabaseState, newSnapshotsAtMost: Int = 1) throws -> DatabaseState {
        let corrupt = try integrityProblems(path)
        if !corrupt.isEmpty { throw Violation(description: "corrupt: " + corrupt.joined(separator: "; ")) }
        let half = try halfSnapshots(path)
        if !half.isEmpty { throw Violation(description: "half snapshot visible: " + half.joined(separator: "; ")) }
        let after = try DatabaseState.capture(path)
        for id in before.snapshotIDs {
            guard let now = after.answers[id] else { throw Violation(description: "lost: snapshot \(id) is gone") }
            for (view, rows) in before.answers[id]! where now[view] != rows {
                throw Violation(description: "lost: snapshot \(id) answers differently in \(view)")
            }
        }
        let added = after.snapshotIDs.filter { !before.snapshotIDs.contains($0) }
        if added.count > newSnapshotsAtMost {
            throw Violation(description: "\(added.count) new snapshots, expected at most \(newSnapshotsAtMost)")
        }
        return after
    }

    /// A plain SQLite connection a test uses to hold a lock or a read transaction across calls
    /// (GRDB refuses that unless told).
    static func holderQueue(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.allowsUnsafeTransactions = true
        return try DatabaseQueue(path: path, configuration: config)
    }

    static func integrityProblems(_ path: String) throws -> [String] {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: config)
        return try queue.read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            let foreign = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { "foreign key: \($0)" }
            return (integrity == ["ok"] ? [] : integrity) + foreign
        }
    }

    static func halfSnapshots(_ path: String) throws -> [String] {
        let db = try ReadOnlyDatabase(path: path)
        var problems = try db.query(
            "SELECT id FROM snapshots WHERE id NOT IN (SELECT snapshot_id FROM snapshot_collectors)"
        ).rows.map { "snapshot \($0[0].integer ?? -1) has no collector rows" }
        let tables = try db.query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE '%\\_versions' ESCAPE '\\'")
            .rows.compactMap { $0.first?.text }
        for table in tables {
            let orphans = try db.query(
                """
                SELECT count(*) FROM \(table) WHERE valid_from NOT IN (SELECT id FROM snapshots)
                  OR (valid_to IS NOT NULL AND valid_to NOT IN (SELECT id FROM snapshots))
                """
            ).rows.first?.first?.integer ?? 0
            if orphans > 0 { problems.append("\(table): \(orphans) versions name a snapshot that does not exist") }
        }
        return problems
    }
}
