import Foundation
import GRDB
import PostureFacts
import PostureStore
import Testing
@testable import PostureChecks

/// The collect reads check results in place (``CheckRunner/findingRows(_:statement:)``); live
/// runs materialise them (``CheckRunner/evaluate(_:statement:)``). Both must store the same.
@Suite struct FindingRowsTests {
    private func check(_ body: String) throws -> Check {
        let text = """
            -- id: ctr-raw
            -- title: Test raw
            -- severity: medium
            -- section: container
            -- cis:
            -- rationale: Test.
            -- remediation: None.
            \(body)
            """
        return try CheckCatalog.load(files: [("container/ctr-raw.sql", text)]).checks[0]
    }

    /// (rows, error) both ways, the materialised one turned into stored rows.
    private func bothWays(_ sql: String) throws -> (raw: CheckRows, materialised: CheckRows) {
        let check = try check(sql)
        let db = try TestDatabase()
        return try db.database.read { db in
            let raw = CheckRunner.findingRows(check, statement: try db.makeStatement(sql: check.sql))
            let outcome = CheckRunner.evaluate(check, statement: try db.makeStatement(sql: check.sql))
            return (raw, CheckRows(rows: outcome.findings.map(FindingsTable.row), error: outcome.error))
        }
    }

    @Test(arguments: [
        // Every storage class where text is read: numbers as Swift prints them, blobs as hex.
        """
        SELECT 'a' AS resource, 'ok' AS status, 'fine' AS reason, NULL AS severity, 1.5 AS extra
        UNION ALL SELECT 42, 'alarm', 1e20, 'high', x'00ff'
        UNION ALL SELECT x'c0ffee', 'skip', 0.1, 'low', NULL
        UNION ALL SELECT 2.0, 'info', -7, NULL, 'x'
        UNION ALL SELECT 'é ' || char(0x1F600), 'ok', 'text up to a NUL' || char(0) || 'hidden', NULL, NULL
        """,
        "SELECT 'x' AS resource, 'ok' AS status, 'r' AS reason, 3 AS severity",
        "SELECT 'x' AS resource, 'pass' AS status, 'r' AS reason",
        "SELECT 'x' AS resource, NULL AS status, 'r' AS reason",
        "SELECT '' AS resource, 'ok' AS status, 'r' AS reason",
        "SELECT 'x' AS resource, 'ok' AS status, '' AS reason",
        "SELECT 'x' AS Resource, 'ok' AS STATUS, 'r' AS reason, 'critical' AS Severity",
        "SELECT 'x' AS resource, 'ok' AS status",
        "SELECT 'x' AS resource, 'ok' AS status, 'r' AS reason UNION ALL SELECT 'x', 'alarm', 's'",
        "SELECT 'x' AS resource, 'ok' AS status, json_extract('not json', '$') AS reason",
        // A breach first, then an SQL error further on: the error is what is reported.
        "SELECT 'x' AS resource, 'bad' AS status, 'r' AS reason UNION ALL SELECT 'y', 'ok', abs(-9223372036854775807 - 1)",
        "DELETE FROM snapshots RETURNING 'x' AS resource, 'ok' AS status, 'r' AS reason",
        "SELECT 'x' AS resource, 'ok' AS status, 'r' AS reason WHERE 0",
    ])
    func sameAsMaterialised(sql: String) throws {
        let (raw, materialised) = try bothWays(sql)
        #expect(raw.error == materialised.error)
        #expect(raw.rows == materialised.rows)
    }

    @Test func storedRowsCarryTheCheckAndTheRowSeverity() throws {
        let sql = "SELECT 'a' AS resource, 'alarm' AS status, 'bad' AS reason, 'critical' AS severity UNION ALL SELECT 'b', 'ok', 'good', NULL"
        let (raw, _) = try bothWays(sql)
        let check = try check(sql)
        #expect(raw.error == nil)
        #expect(raw.rows == [
            ["ctr-raw", "Test raw", "critical", "container", "a", "alarm", "bad", .text(check.sqlHash)],
            ["ctr-raw", "Test raw", "medium", "container", "b", "ok", "good", .text(check.sqlHash)],
        ])
    }
}
