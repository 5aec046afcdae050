import Foundation
import PostureChecks
import Testing

@testable import PostureReport

@Suite("report: summary from stored findings")
struct ReportLoaderTests {
    @Test("score, counts and per-check lines come from the stored findings")
    func summary() throws {
        let fixture = try ReportFixture()
        let id = try fixture.writeScenario()
        let report = try fixture.report(id)
        #expect(report.score == 40.0)  // ok 8 + 2 of judged 8 + 8 + 2 + 2 + 1 + 4
        #expect(report.totals.ok == 2 && report.totals.alarm == 4 && report.totals.skip == 1)
        #expect(report.bySeverity[.critical]?.alarm == 1)
        #expect(report.bySeverity[.high]?.alarm == 1)
        #expect(report.bySection.map(\.section) == ["daemon", "container", "resources", "image"])
        let privileged = try #require(report.checks.first { $0.checkID == "ctr-privileged" })
        #expect(privileged.alarmLine == "1 of 2 containers alarm")
        #expect(privileged.remediation == "Recreate without --privileged.")
        #expect(report.alarmingChecks.map(\.checkID) == ["ctr-privileged", "img-retired", "res-memory", "daemon-live-restore-off"])
    }

    @Test("the latest snapshot's results come in key order from the open-key index, unsorted, and match the view's")
    func latestResultsPlan() throws {
        let fixture = try ReportFixture()
        try fixture.writeScenario()
        let db = try fixture.reader()
        let plan = try db.query("EXPLAIN QUERY PLAN " + ReportLoader.latestResultsSQL).rows.compactMap { $0.last?.text }
        #expect(plan == ["SCAN main.findings_versions USING INDEX findings_key"])
        let direct = try db.query(ReportLoader.latestResultsSQL).rows
        let viaView = try db.query("SELECT \(ReportLoader.resultColumns) FROM main.findings ORDER BY check_id, resource").rows
        #expect(direct.count > 3)
        #expect(direct == viaView)
    }

    @Test("a check unknown to this build keeps its stored title and is named in a note")
    func unknownCheck() throws {
        let fixture = try ReportFixture()
        let report = try fixture.report(try fixture.writeScenario())
        let retired = try #require(report.checks.first { $0.checkID == "img-retired" })
        #expect(!retired.known && retired.title == "Retired image check" && retired.remediation == nil)
        #expect(report.notes.contains { $0.contains("img-retired") })
    }

    @Test("--section and --severity filter the results and the score")
    func filters() throws {
        let fixture = try ReportFixture()
        let id = try fixture.writeScenario()
        let container = try fixture.report(id, filters: ReportFilters(section: "container"))
        #expect(Set(container.checks.map(\.checkID)) == ["ctr-privileged", "ctr-healthcheck"])
        #expect(container.score == 50.0)
        let severe = try fixture.report(id, filters: ReportFilters(minimumSeverity: .high))
        #expect(severe.checks.map(\.checkID) == ["ctr-privileged", "img-retired"])
    }

    @Test("a past snapshot is reported as it was stored, not as it is now")
    func pastSnapshot() throws {
        let fixture = try ReportFixture()
        let first = try fixture.writeScenario()
        try fixture.snapshot(
            at: "2026-11-30T10:00:00Z", containers: [],
            findings: [.init(check: "ctr-privileged", resource: ReportFixture.resource("web"), status: "ok", reason: "not privileged")])
        #expect(try fixture.report(first).totals.alarm == 4)
        #expect(try fixture.report(first + 1).totals.alarm == 0)
    }

    @Test("--fail-on counts alarms at or above the severity; exit status 3 only when some exist")
    func failOn() throws {
        let fixture = try ReportFixture()
        let report = try fixture.report(try fixture.writeScenario())
        #expect(report.alarms(atOrAbove: .critical) == 1)
        #expect(report.alarms(atOrAbove: .high) == 2)
        #expect(report.alarms(atOrAbove: .low) == 4)
        #expect(ExitStatus.forReport(report, failOn: .critical) == 3)
        #expect(ExitStatus.forReport(report, failOn: nil) == 0)
        let clean = try ReportFixture()
        let id = try clean.snapshot(
            at: "2026-11-29T10:00:00Z", containers: [],
            findings: [.init(check: "ctr-privileged", resource: ReportFixture.resource("web"), status: "ok", reason: "fine")])
        #expect(ExitStatus.forReport(try clean.report(id), failOn: .info) == 0)
    }

    @Test("availability lists the snapshots in which the engine was unreachable")
    func outages() throws {
        let fixture = try ReportFixture()
        try fixture.writeScenario()
        try fixture.snapshot(at: "2026-11-29T11:00:00Z", containers: [], findings: ReportFixture.scenarioFindings(), engineStatus: .failed)
        try fixture.snapshot(at: "2026-11-29T12:00:00Z", containers: [], findings: ReportFixture.scenarioFindings(), engineStatus: .failed)
        let last = try fixture.writeScenario()
        let availability = try fixture.report(last).availability
        let engine = try #require(availability.engines.first)
        #expect(engine.outages.map(\.snapshotID) == [2, 3] && engine.attempted == 4)
        #expect(engine.outageRanges == "2–3")
        let hasDaemons = HostAndScanTablesTests.relations.contains("daemons_versions")
        #expect(availability.notes.contains { $0.contains("no daemons table") } == !hasDaemons)
    }
}
