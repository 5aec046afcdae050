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
            let index = (open: "\(table)_open", from: "\(table)_from")
            let expected: [(VersionWindow.Side, VersionWindow.Route, String)] = [
                (.a, .window, "SEARCH main.\(storage) USING INDEX \(index.open) (valid_to>? AND valid_to<?)"),
                (.b, .window, "SEARCH main.\(storage) USING INDEX \(index.from) (valid_from>? AND valid_from<?)"),
                // The states at A and B, for distant snapshots (VersionWindow.Route.state).
                (.a, .state, "SEARCH main.\(storage) USING INDEX \(index.from) (valid_from<?); USE TEMP B-TREE FOR ORDER BY"),
                (.b, .state,
                 "MULTI-INDEX OR; INDEX 1; SEARCH main.\(storage) USING INDEX \(index.open) (valid_to=?); INDEX 2; "
                    + "SEARCH main.\(storage) USING INDEX \(index.open) (valid_to>?); USE TEMP B-TREE FOR ORDER BY"),
            ]
            for (side, route, wanted) in expected {
                let found = try plan(db, VersionWindow.sql(storage, side: side, route: route, a: 10, b: 20))
                #expect(found == wanted, "\(table) \(side) \(route): \(found)")
            }
        }
    }

    @Test("the counts that pick each side's route read the indexes only")
    func routeCountPlans() throws {
        let fixture = try ReportFixture()
        try fixture.writeScenario()
        let db = try fixture.reader()
        for table in ["containers", "findings"] {
            let storage = table + "_versions"
            for side in [VersionWindow.Side.a, .b] {
                let found = try plan(db, VersionWindow.countsSQL(storage, side: side, a: 10, b: 20, cap: 1024))
                let reads = found.components(separatedBy: "; ").filter { $0.contains(storage) }
                #expect(reads.count == (side == .a ? 2 : 3), "\(table) \(side): \(found)")
                #expect(reads.allSatisfy { $0.hasPrefix("SEARCH main.\(storage) USING COVERING INDEX \(table)_") }, "\(table) \(side): \(found)")
            }
            let windows = try plan(db, VersionWindow.windowsSQL(storage, a: 10, b: 20, cap: VersionWindow.smallWindow))
            let reads = windows.components(separatedBy: "; ").filter { $0.contains(storage) }
            #expect(reads.count == 2, "\(table) windows: \(windows)")
            #expect(reads.allSatisfy { $0.hasPrefix("SEARCH main.\(storage) USING COVERING INDEX \(table)_") }, "\(table) windows: \(windows)")
        }
    }

    @Test("findings: the rows a focused diff keeps are read back by row id")
    func focusedRowsPlan() throws {
        let fixture = try ReportFixture()
        try fixture.writeScenario()
        let db = try fixture.reader()
        for side in [VersionWindow.Side.a, .b] {
            let found = try plan(db, VersionWindow.rowsSQL("findings_versions", side: side, ids: Array(1...500)))
            #expect(found == "SEARCH main.findings_versions USING INTEGER PRIMARY KEY (rowid=?); USE TEMP B-TREE FOR ORDER BY", "\(side): \(found)")
        }
    }

    @Test("container names of unchanged containers are looked up through the open-key index")
    func containerNamePlan() throws {
        let fixture = try ReportFixture()
        try fixture.writeScenario()
        let db = try fixture.reader()
        let sql = """
            SELECT engine_id, container_id, name FROM main.containers_versions INDEXED BY containers_key
            WHERE valid_to IS NULL AND engine_id = 'e' AND container_id IN ('a', 'b') AND valid_from <= 3
            """
        #expect(try plan(db, sql).contains("USING INDEX containers_key (engine_id=? AND container_id=?)"))
        // Older snapshots: the container's own versions, not every version closed after it.
        let closed = """
            SELECT engine_id, container_id, name FROM main.containers_versions
            WHERE +valid_to > 3 AND engine_id = 'e' AND container_id IN ('a', 'b') AND valid_from <= 3
            """
        #expect(try plan(db, closed).contains("USING INDEX containers_by_id (engine_id=? AND container_id=? AND valid_from<?)"))
    }
}
