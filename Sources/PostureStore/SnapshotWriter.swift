import Foundation
import GRDB
import PostureFacts

/// What one snapshot write did: its id and how many fact versions it opened and closed.
public struct SnapshotWriteSummary: Sendable {
    public let snapshotID: Int64
    public let status: String
    public let versionsOpened: Int
    public let versionsClosed: Int
    /// Per public table: keys added, removed and changed by this snapshot.
    public let changes: [String: TableChanges]
}

/// Keys added, removed and changed in one table by one snapshot.
public struct TableChanges: Sendable, Equatable {
    public var added = 0
    public var removed = 0
    public var changed = 0

    public init(added: Int = 0, removed: Int = 0, changed: Int = 0) {
        self.added = added
        self.removed = removed
        self.changed = changed
    }

    public var isEmpty: Bool { added == 0 && removed == 0 && changed == 0 }
}

/// The snapshot being written, as the `afterFacts` hook of
/// ``PostureDatabase/writeSnapshot(_:durationMs:afterFacts:)`` sees it.
public struct SnapshotInProgress: Sendable {
    public let id: Int64
    /// The versions tables (`<table>_versions`) in which this snapshot opened or closed a
    /// version so far: the writer knows, so nothing has to look for them.
    public let changedVersionTables: Set<String>
    /// What the statements prepared on the writing connection read (its authorizer).
    public let tableReads: TableReads

    public init(id: Int64, changedVersionTables: Set<String>, tableReads: TableReads) {
        self.id = id
        self.changedVersionTables = changedVersionTables
        self.tableReads = tableReads
    }
}

extension PostureDatabase {
    /// Writes `input` as one new snapshot in one transaction: the `snapshots` row, one
    /// `snapshot_collectors` row per result, every result's fact sets (change-only, see
    /// ``FactSetWriter``) and samples, then the snapshot's chain record (``ChainRecorder``).
    /// `afterFacts` runs inside the same transaction once the facts are in place (the caller
    /// evaluates checks there), told which versions tables changed, and may write more fact sets.
    ///
    /// Nothing is written if anything throws.
    @discardableResult
    public func writeSnapshot(
        _ input: SnapshotInput, durationMs: Int? = nil,
        afterFacts: ((Database, SnapshotInProgress, _ write: (FactSet) throws -> Void) throws -> Void)? = nil
    ) throws -> SnapshotWriteSummary {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO snapshots (taken_at, host, status, tool_version, schema_version, duration_ms)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    input.takenAt, input.host, input.status, input.toolVersion,
                    Migrations.latestVersion, durationMs,
                ])
            let snapshotID = db.lastInsertedRowID
            let writer = FactSetWriter(db: db, snapshotID: snapshotID)
            var opened = 0
            var closed = 0
            var changes: [String: TableChanges] = [:]
            var changedVersionTables: Set<String> = []
            func record(_ table: String, _ c: TableChanges) {
                if !c.isEmpty { changedVersionTables.insert(table + "_versions") }
                var total = changes[table, default: TableChanges()]
                total.added += c.added
                total.removed += c.removed
                total.changed += c.changed
                changes[table] = total
            }
            for result in input.results {
                var counts = (opened: 0, closed: 0)
                for set in result.facts {
                    let c = try writer.apply(set)
                    counts.opened += c.added + c.changed
                    counts.closed += c.removed + c.changed
                    record(set.table, c)
                }
                for sample in result.samples {
                    try writer.append(sample)
                }
                if let digests = result.digests { try InspectDigestWriter(db: db).write(digests) }
                opened += counts.opened
                closed += counts.closed
                try db.execute(
                    sql: """
                        INSERT INTO snapshot_collectors
                          (snapshot_id, collector, engine_id, status, error, item_count, duration_ms,
                           versions_opened, versions_closed)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        snapshotID, result.collector, result.engineID, result.status.rawValue,
                        result.error, result.itemCount, result.durationMs, counts.opened, counts.closed,
                    ])
                let collectorRow = db.lastInsertedRowID
                for (column, value) in result.counters.sorted(by: { $0.key < $1.key }) {
                    try db.execute(
                        sql: "UPDATE snapshot_collectors SET \(quote(column)) = ? WHERE rowid = ?",
                        arguments: [value, collectorRow])
                }
            }
            if let afterFacts {
                // Each set is written as soon as it is made (the checks hand over one per
                // check), so a collect never holds every finding of a large host at once.
                let snapshot = SnapshotInProgress(
                    id: snapshotID, changedVersionTables: changedVersionTables, tableReads: tableReads)
                try afterFacts(db, snapshot) { set in
                    let c = try writer.apply(set)
                    opened += c.added + c.changed
                    closed += c.removed + c.changed
                    record(set.table, c)
                }
            }
            // Tamper-evident chain (schema 0006), read from the tables this snapshot changed.
            try ChainRecorder(db: db).record(snapshot: snapshotID, changed: changedVersionTables)
            return SnapshotWriteSummary(
                snapshotID: snapshotID, status: input.status, versionsOpened: opened,
                versionsClosed: closed, changes: changes)
        }
    }
}
