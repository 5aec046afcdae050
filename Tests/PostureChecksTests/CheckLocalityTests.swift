import Foundation
import GRDB
import PostureFacts
import PostureStore
import Testing

@testable import PostureChecks

/// A check that declares `-- per: container` is evaluated by a collect for the changed
/// containers alone (ContainerScope). These tests hold every such check to giving, for each
/// container of the check fixtures evaluated alone, exactly the rows a whole evaluation gives
/// that container, and to having no row that belongs to no container.
@Suite("per-container checks")
struct CheckLocalityTests {
    /// One check's rows evaluated whole, and pieced together from one evaluation per container.
    struct Pieces {
        var whole: [String] = []
        var pieced: [String] = []
        /// Containers whose evaluation alone failed or named another container's resource.
        var strays: [String] = []
    }

    private static func lines(_ rows: [[FactValue]]) -> [String] {
        rows.map { $0.map { $0.textValue ?? "NULL" }.joined(separator: " | ") }
    }

    /// `checks` evaluated on the check fixture `scenario`, whole and container by container.
    static func pieces(of checks: [Check], scenario: String) throws -> [String: Pieces] {
        let database = try TestDatabase()
        try database.collect(Scenario.load(scenario), runner: CheckRunner(checks: []))
        return try database.database.write { db in
            let containers = try Row.fetchAll(
                db, sql: "SELECT engine_id, container_id, engine_id || '/containers/' || name FROM containers ORDER BY 3")
            #expect(containers.count >= 3, "\(scenario) has too few containers to tell")
            var result: [String: Pieces] = [:]
            for check in checks {
                var pieces = Pieces()
                let whole = CheckRunner.findingRows(check, statement: try db.makeStatement(sql: check.sql))
                #expect(whole.error == nil, "\(check.id): \(whole.error ?? "")")
                pieces.whole = lines(whole.rows).sorted()
                for container in containers {
                    let resource: String = container[2]
                    let scope = ContainerScope(containers: [[container[0], container[1]]], resources: [resource])
                    if let rows = try scope.evaluate([check], in: db)[check.id] {
                        pieces.pieced += lines(rows)
                    } else {
                        pieces.strays.append(resource)
                    }
                }
                pieces.pieced.sort()
                result[check.id] = pieces
            }
            // The shadowing views are gone: the whole database answers again.
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM containers") == containers.count)
            return result
        }
    }

    @Test("every check declared per container gives each container alone what it gives it whole", arguments: Scenario.all)
    func declaredChecksAreLocal(scenario: String) throws {
        let declared = catalog.checks.filter(\.perContainer)
        #expect(declared.count >= 30, "only \(declared.count) checks declare per: container")
        let pieces = try Self.pieces(of: declared, scenario: scenario)
        var rows = 0
        for check in declared {
            let p = try #require(pieces[check.id])
            #expect(p.strays.isEmpty, "\(check.id) strays for \(p.strays)")
            #expect(p.whole == p.pieced, "\(check.id) on \(scenario): whole \(p.whole) pieced \(p.pieced)")
            rows += p.whole.count
        }
        #expect(rows > declared.count, "the fixture gives the declared checks rows to compare")
    }

    @Test("the comparison catches a check whose rows depend on other containers")
    func catchesCrossContainerChecks() throws {
        // res-memory's reason counts the other running containers of the engine: it is not
        // declared per container, and evaluating it container by container must show why.
        let check = try #require(catalog.check(id: "res-memory"))
        #expect(!check.perContainer)
        let pieces = try #require(try Self.pieces(of: [check], scenario: "bad-zoo")["res-memory"])
        #expect(!pieces.whole.isEmpty)
        #expect(pieces.whole != pieces.pieced)
    }

    @Test("a check naming a resource outside its scope is not taken from the scoped evaluation")
    func straysAreRefused() throws {
        let text = """
            -- id: ctr-stray
            -- title: Stray
            -- severity: low
            -- section: container
            -- per: container
            -- cis:
            -- rationale: Test.
            -- remediation: None.
            SELECT engine_id || '/elsewhere/' || name AS resource, 'ok' AS status, 'fine' AS reason FROM containers;
            """
        let check = try CheckCatalog.load(files: [("container/ctr-stray.sql", text)]).checks[0]
        #expect(check.perContainer)
        let pieces = try #require(try Self.pieces(of: [check], scenario: "bad-zoo")["ctr-stray"])
        #expect(!pieces.strays.isEmpty && pieces.pieced.isEmpty)
    }
}
