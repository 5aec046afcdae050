import Foundation
import GRDB
import PostureChecks
import PostureFacts
import PostureStore
import Testing

@Suite struct RunnerTests {
    private func check(_ id: String, _ body: String, severity: String = "medium") throws -> Check {
        let text = """
            -- id: \(id)
            -- title: Test \(id)
            -- severity: \(severity)
            -- section: container
            -- cis:
            -- rationale: Test.
            -- remediation: None.
            \(body)
            """
        return try CheckCatalog.load(files: [("container/\(id).sql", text)]).checks[0]
    }

    private func emptyScenario(at takenAt: String = "2026-03-01T00:00:00Z") -> Scenario {
        Scenario(name: "empty", takenAt: takenAt, tables: [:])
    }

    @Test func aFailingCheckYieldsOneErrorRowAndTheOthersStillRun() throws {
        let broken = try check("ctr-broken", "SELECT resource, status, reason FROM no_such_table;")
        let fine = try check("ctr-fine", "SELECT 'x' AS resource, 'ok' AS status, 'fine' AS reason;")
        let db = try TestDatabase()
        try db.collect(emptyScenario(), runner: CheckRunner(checks: [broken, fine]))
        let findings = try db.findings()
        let error = try #require(findings["ctr-broken *"])
        #expect(error.status == "error")
        #expect(error.reason.contains("no such table: no_such_table"))
        #expect(findings["ctr-fine x"]?.status == "ok")
    }

    @Test(arguments: [
        ("SELECT 'x' AS resource, 'ok' AS status;", "a check must return resource, status, reason first"),
        ("SELECT 'ok' AS status, 'x' AS resource, 'r' AS reason;", "a check must return resource, status, reason first"),
        ("SELECT 'x' AS resource, 'pass' AS status, 'r' AS reason;", "returned status pass for x"),
        ("SELECT NULL AS resource, 'ok' AS status, 'r' AS reason;", "returned a row without a resource"),
        ("SELECT 'x' AS resource, 'ok' AS status, NULL AS reason;", "returned no reason for x"),
        ("SELECT 'x' AS resource, 'ok' AS status, 'r' AS reason, 'severe' AS severity;", "returned severity severe for x"),
        ("SELECT 'x' AS resource, 'ok' AS status, 'r' AS reason UNION ALL SELECT 'x', 'alarm', 's';", "returned x more than once"),
        ("DELETE FROM snapshots RETURNING 'x' AS resource, 'ok' AS status, 'r' AS reason;", "the query would change the database"),
    ])
    func contractViolationsAreErrors(sql: String, message: String) throws {
        let db = try TestDatabase()
        let outcome = try db.database.read { CheckRunner(checks: [try check("ctr-bad", sql)]).evaluate(in: $0) }[0]
        #expect(outcome.error?.contains(message) == true, "\(outcome.error ?? "no error")")
        #expect(outcome.findings.map(\.status) == [.error])
        #expect(outcome.findings.map(\.resource) == ["*"])
    }

    @Test func rowSeverityOverridesTheCheckSeverity() throws {
        let graded = try check("ctr-graded", """
            SELECT 'a' AS resource, 'alarm' AS status, 'bad' AS reason, 'critical' AS severity, 42 AS detail
            UNION ALL SELECT 'b', 'ok', 'good', NULL, 7;
            """, severity: "low")
        let db = try TestDatabase()
        let outcome = try db.database.read { CheckRunner(checks: [graded]).evaluate(in: $0) }[0]
        #expect(outcome.findings.map(\.severity) == [.critical, .low])
        #expect(outcome.findings[0].extra == [Finding.ExtraColumn(name: "detail", value: .int(42))])
    }

    @Test func aBrokenCheckKeepsItsPreviousFindingsOpen() throws {
        let good = try check("ctr-flaky", "SELECT 'x' AS resource, 'alarm' AS status, 'bad' AS reason;")
        let bad = try check("ctr-flaky", "SELECT resource, status, reason FROM no_such_table;")
        let db = try TestDatabase()
        try db.collect(emptyScenario(), runner: CheckRunner(checks: [good]))
        try db.collect(emptyScenario(), runner: CheckRunner(checks: [bad]))
        var findings = try db.findings()
        #expect(findings["ctr-flaky x"]?.status == "alarm")
        #expect(findings["ctr-flaky *"]?.status == "error")
        try db.collect(emptyScenario(), runner: CheckRunner(checks: [good]))
        findings = try db.findings()
        #expect(findings["ctr-flaky *"] == nil)
        let versions = try db.database.read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM findings_history WHERE check_id = 'ctr-flaky' AND resource = 'x'")
        }
        #expect(versions == 1, "the carried-over finding must not be re-versioned")
    }

    @Test func findingsAreStoredChangeOnly() throws {
        let hardened = try Scenario.load("hardened")
        let runner = CheckRunner(catalog: catalog)
        let db = try TestDatabase()
        let first = try db.collect(hardened, runner: runner)
        let second = try db.collect(hardened, runner: runner)
        #expect(first.versionsOpened > 0)
        #expect(second.versionsOpened == 0 && second.versionsClosed == 0)

        // A new privileged container opens its own findings and closes nothing else.
        var tables = hardened.tables
        var container = tables["containers"]![0]
        container["container_id"] = "ctr-rogue"
        container["name"] = "rogue"
        container["privileged"] = 1
        tables["containers"]!.append(container)
        let third = try db.collect(Scenario(name: "hardened+rogue", takenAt: hardened.takenAt, tables: tables), runner: runner)
        #expect(third.versionsClosed == 0)
        let findings = try db.findings()
        #expect(findings["ctr-privileged unix:///var/run/docker.sock/containers/rogue"]?.status == "alarm")
        #expect(findings["ctr-privileged unix:///var/run/docker.sock/containers/api"]?.status == "ok")
    }

    @Test func imageAgeIsJudgedAtTheSnapshotTime() throws {
        let hardened = try Scenario.load("hardened")
        let runner = CheckRunner(catalog: catalog)
        let db = try TestDatabase()
        try db.collect(hardened, runner: runner)
        let resource = "img-stale unix:///var/run/docker.sock/images/sha256:a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0"
        #expect(try db.findings()[resource]?.status == "ok")
        let later = Scenario(name: "hardened-later", takenAt: "2026-09-01T00:00:00Z", tables: hardened.tables)
        try db.collect(later, runner: runner)
        #expect(try db.findings()[resource]?.status == "alarm")
    }

    @Test func aPastSnapshotEvaluatesAsItWasStored() throws {
        let db = try TestDatabase()
        let runner = CheckRunner(catalog: catalog)
        try db.collect(try Scenario.load("bad-zoo"), runner: runner)
        try db.collect(try Scenario.load("hardened"), runner: runner)
        let storedThen = try db.database.read {
            try String.fetchAll($0, sql: """
                SELECT check_id || ' ' || resource || ' ' || status FROM findings_history
                WHERE valid_from <= 1 AND (valid_to IS NULL OR valid_to > 1)
                """)
        }
        let readOnly = try ReadOnlyDatabase(path: db.path)
        try readOnly.scope(toSnapshot: 1)
        let live = runner.evaluate(in: readOnly)
        let lines = live.flatMap { $0.findings.map { "\($0.checkID) \($0.resource) \($0.status.rawValue)" } }
        #expect(lines.sorted() == storedThen.sorted())
    }

    @Test func readOnlyEvaluationMatchesTheCollectEvaluation() throws {
        let db = try TestDatabase()
        try db.collect(try Scenario.load("bad-zoo"), runner: CheckRunner(catalog: catalog))
        let stored = try db.findingLines()
        let readOnly = try ReadOnlyDatabase(path: db.path)
        let live = CheckRunner(catalog: catalog).evaluate(in: readOnly, timeout: 10)
        #expect(live.allSatisfy { $0.error == nil })
        let lines = live.flatMap { $0.findings.map { "\($0.checkID) \($0.resource) \($0.status.rawValue)" } }.sorted()
        #expect(lines == stored.sorted())
    }
}
