import Foundation
import PostureStore
import Testing

@testable import PostureReport

/// The diff must cost time proportional to what changed between A and B: each of its version
/// queries is a range scan of the `valid_to` or `valid_from` index, never a table scan.
@Suite("report --diff: indexed predicates")
struct DiffQueryPlanTests {
    func plan(_ db: ReadOnlyDatabase, _ sql: String) throws -> String {
        try db.query("EXPLAIN QUERY PLAN " + sql).rows.compactMap { $0.last?.text }.joined(separator: "; ")
    }

    @Test("the closed and opened version queries of every diffed table use its indexes")
    func versionWindowPlans() throws {
        let fixture = try ReportFixture()
        try fixture.writeScenario()
        let db = try fixture.reader()
        let relations = try db.relationNames()
        let tables = DiffTableSpec.all.map(\.table).filter { relations.contains($0 + "_versions") } + ["findings"]
        #expect(tables.contains("containers") && tables.contains("container_mounts"))
        for table in tables {
            let storage = table + "_versions"
            let closed = try plan(db, VersionWindow.closedSQL(storage, a: 10, b: 20))
            #expect(closed == "SEARCH main.\(storage) USING INDEX \(table)_open (valid_to>? AND valid_to<?)", "\(table): \(closed)")
            let opened = try plan(db, VersionWindow.openedSQL(storage, a: 10, b: 20))
            #expect(opened == "SEARCH main.\(storage) USING INDEX \(table)_from (valid_from>? AND valid_from<?)", "\(table): \(opened)")
            // The states at A and B, for distant snapshots (VersionWindow.Strategy.states).
            let stateFrom = try plan(db, VersionWindow.stateFromSQL(storage, at: 10))
            #expect(stateFrom == "SEARCH main.\(storage) USING INDEX \(table)_from (valid_from<?)", "\(table): \(stateFrom)")
            let stateOpen = try plan(db, VersionWindow.stateToSQL(storage, at: 10, open: true))
            #expect(stateOpen == "SEARCH main.\(storage) USING INDEX \(table)_open (valid_to=?)", "\(table): \(stateOpen)")
            let stateClosed = try plan(db, VersionWindow.stateToSQL(storage, at: 10, open: false))
            #expect(stateClosed == "SEARCH main.\(storage) USING INDEX \(table)_open (valid_to>?)", "\(table): \(stateClosed)")
        }
    }

    @Test("container names of unchanged containers are looked up through the open-key index")
    func containerNamePlan() throws {
        let fixture = try ReportFixture()
        try fixture.writeScenario()
        let db = try fixture.reader()
        let sql = """
            SELECT engine_id, container_id, name FROM main.containers_versions
            WHERE valid_to IS NULL AND engine_id = 'e' AND container_id IN ('a', 'b') AND valid_from <= 3
            """
        #expect(try plan(db, sql).contains("USING INDEX containers_key (engine_id=? AND container_id=?)"))
    }
}
