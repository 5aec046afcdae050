import Foundation
import GRDB
import PostureFacts

/// What one snapshot write did: its id and how many fact versions it opened and closed.
public struct SnapshotWriteSummary: Sendable {
    public let snapshotID: Int64
    public let status: String
    public let versionsOpened: Int
    public let versionsClosed: Int
}

extension PostureDatabase {
    /// Writes `input` as one new snapshot in one transaction: the `snapshots` row, one
    /// `snapshot_collectors` row per result, every result's fact sets (change-only, see
    /// ``FactSetWriter``) and samples. `afterFacts` runs inside the same transaction once the
    /// facts are in place (the caller evaluates checks there) and may return more fact sets.
    ///
    /// Nothing is written if anything throws.
    @discardableResult
    public func writeSnapshot(
        _ input: SnapshotInput, durationMs: Int? = nil,
        afterFacts: ((Database, Int64) throws -> [FactSet])? = nil
    ) throws -> SnapshotWriteSummary {
        try queue.write { db in
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
            for result in input.results {
                var counts = (opened: 0, closed: 0)
                for set in result.facts {
                    let c = try writer.apply(set)
                    counts.opened += c.opened
                    counts.closed += c.closed
                }
                for sample in result.samples {
                    try writer.append(sample)
                }
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
            }
            if let afterFacts {
                for set in try afterFacts(db, snapshotID) {
                    let c = try writer.apply(set)
                    opened += c.opened
                    closed += c.closed
                }
            }
            return SnapshotWriteSummary(
                snapshotID: snapshotID, status: input.status, versionsOpened: opened,
                versionsClosed: closed)
        }
    }
}
