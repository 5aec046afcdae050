import Foundation
import GRDB
import PostureFacts
import PostureStore
import Testing

@testable import PostureChecks

/// The store's write connection records what each check reads with its own authorizer
/// (``TableReads``), not GRDB's: a check that reads a table and is not told so would never run
/// again when that table changes, and one told of a table it does not read would run for
/// nothing.
@Suite("table reads")
struct TableReadsTests {
    @Test("for every check of the catalogue, the tables recorded are those GRDB's statement region names")
    func sameAsGRDB() throws {
        let db = try TestDatabase()
        try db.collect(try Scenario.load("bad-zoo"), runner: CheckRunner(catalog: catalog))
        // GRDB's authorizer, on a connection of GRDB's own.
        var expected: [String: [String]] = [:]
        try DatabaseQueue(path: db.path).read { grdb in
            let all = try IncrementalChecks.tables(in: grdb)
            for check in catalog.checks {
                let region = try grdb.makeStatement(sql: check.sql).databaseRegion
                expected[check.id] = region.isFullDatabase
                    ? all : all.filter { region.isModified(byEventsOfKind: .insert(tableName: $0)) }
            }
        }
        var recorded: [String: [String]] = [:]
        let next = try Scenario.load("bad-zoo")
        try db.database.writeSnapshot(
            Scenario(name: next.name, takenAt: "2030-01-01T00:05:00Z", tables: next.tables).snapshotInput()
        ) { store, snapshot, _ in
            let all = try IncrementalChecks.tables(in: store)
            for check in catalog.checks {
                snapshot.tableReads.reset()
                _ = try store.makeStatement(sql: check.sql)
                recorded[check.id] = all.filter(snapshot.tableReads.recorded.contains)
            }
        }
        #expect(expected.count == catalog.checks.count)
        for check in catalog.checks {
            #expect(recorded[check.id] == expected[check.id], "\(check.id)")
            #expect(recorded[check.id]?.isEmpty == false, "\(check.id) reads some table")
        }
        #expect(recorded["ctr-privileged"] == ["containers_versions"])
    }

    @Test("a reset forgets what earlier statements read; a statement reading no table records none")
    func resetForgets() throws {
        let db = try TestDatabase()
        try db.database.writeSnapshot(try Scenario.load("bad-zoo").snapshotInput()) { store, snapshot, _ in
            snapshot.tableReads.reset()
            _ = try store.makeStatement(sql: "SELECT count(*) FROM engines e JOIN images i USING (engine_id)")
            #expect(snapshot.tableReads.recorded == ["engines_versions", "images_versions"])
            snapshot.tableReads.reset()
            _ = try store.makeStatement(sql: "SELECT 1 AS resource")
            #expect(snapshot.tableReads.recorded.isEmpty)
        }
    }
}
