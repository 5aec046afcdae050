import Foundation
import PostureChecks
import PostureStore
import Testing

@testable import PostureReport

@Suite("report --diff: stable keys, field-level changes, collector failures")
struct DiffTests {
    typealias C = ReportFixture.Container

    static let gib: Int64 = 1_073_741_824

    /// Snapshot 1: web (512 MiB), db, old. Snapshot 2: web raised to 1 GiB, old removed, evil
    /// added privileged with its critical alarm. Snapshot 3: the same again.
    func drift() throws -> ReportFixture {
        let fixture = try ReportFixture()
        let ok = { (name: String) in ReportFixture.Result(check: "ctr-privileged", resource: ReportFixture.resource(name), status: "ok", reason: "not privileged") }
        try fixture.snapshot(
            at: "2026-11-29T10:00:00Z",
            containers: [C("web", memory: ReportFixture.webLimit, mounts: [("/data", "/srv/web", true)]), C("db"), C("old")],
            findings: [ok("web"), ok("db"), ok("old")])
        let second = [C("web", memory: Self.gib, mounts: [("/data", "/srv/web", true)]), C("db"), C("evil", privileged: true)]
        let secondFindings = [
            ok("web"), ok("db"),
            .init(check: "ctr-privileged", resource: ReportFixture.resource("evil"), status: "alarm", reason: "runs privileged"),
        ]
        try fixture.snapshot(at: "2026-11-29T11:00:00Z", containers: second, findings: secondFindings)
        try fixture.snapshot(at: "2026-11-29T12:00:00Z", containers: second, findings: secondFindings)
        return fixture
    }

    func table(_ diff: Diff, _ name: String) throws -> TableDiff { try #require(diff.tables.first { $0.table == name }) }

    @Test("a changed memory limit is a field-level change keyed on the container's name")
    func changedField() throws {
        let diff = try drift().diff(1, 2)
        let containers = try table(diff, "containers")
        let web = try #require(containers.changed.first { $0.label == "web" })
        #expect(web.changes == [FieldChange(field: "memory_limit", old: .int(ReportFixture.webLimit), new: .int(Self.gib))])
        #expect(containers.changed.count == 1)  // pid churn and container_id are not changes
    }

    @Test("a removed container and a new privileged one with its new critical finding")
    func addedRemovedAndNewAlarm() throws {
        let diff = try drift().diff(1, 2)
        let containers = try table(diff, "containers")
        #expect(containers.removed.map(\.label) == ["old"])
        #expect(containers.added.map(\.label) == ["evil"])
        #expect(containers.added[0].summary.contains { $0.column == "privileged" && $0.value == .int(1) })
        let alarm = try #require(diff.findings.new.first)
        #expect(diff.findings.new.count == 1)
        #expect(alarm.checkID == "ctr-privileged" && alarm.severity == .critical && alarm.oldStatus == nil)
        #expect(alarm.remediation == "Recreate without --privileged.")
        #expect(diff.findings.resolved.isEmpty)  // old was ok, not alarming, before it went
        #expect(diff.newAlarms(atOrAbove: .critical) == 1)
        #expect(ExitStatus.forDiff(diff, failOn: .high) == 3)
    }

    @Test("an unchanged re-collect yields an empty diff")
    func unchanged() throws {
        let diff = try drift().diff(2, 3)
        #expect(diff.isEmpty)
        #expect(ExitStatus.forDiff(diff, failOn: .info) == 0)
        #expect(ReportFormat.text.render(diff, options: ReportFixture.options).contains("No changes between snapshot 2 and snapshot 3."))
    }

    @Test("a failed containers collector in B: a note, and no removals or changes from it")
    func failedCollectorInB() throws {
        let fixture = try drift()
        try fixture.snapshot(
            at: "2026-11-29T13:00:00Z", containers: [], findings: [], containersStatus: .failed)
        let diff = try fixture.diff(1, 4)
        let containers = try table(diff, "containers")
        #expect(containers.removed.isEmpty && containers.changed.isEmpty)
        #expect(containers.withheld == 2)  // old removed, web changed: not shown
        #expect(containers.added.map(\.label) == ["evil"])
        let note = "containers of engine \(ReportFixture.engine) not collected in B (snapshot 4: containers failed"
        #expect(containers.notes.contains { $0.hasPrefix(note) })
        #expect(ReportFormat.text.render(diff, options: ReportFixture.options).contains(note))
    }

    @Test("diffing across a failed snapshot compares what was known at each side")
    func acrossOutage() throws {
        let fixture = try drift()
        try fixture.snapshot(at: "2026-11-29T13:00:00Z", containers: [], findings: [], engineStatus: .failed)
        let diff = try fixture.diff(3, 4)
        let containers = try table(diff, "containers")
        #expect(containers.removed.isEmpty)
        let engines = try table(diff, "engines")
        #expect(engines.changed.first?.changes.map(\.field) == ["reachable", "error"])
        #expect(engines.notes.contains { $0.contains("unreachable in B") })
    }

    @Test("a re-created container (new id, same name and mounts) is not a change; a mount flip is keyed by name and destination")
    func childTablesByName() throws {
        let fixture = try ReportFixture()
        try fixture.snapshot(at: "2026-11-29T10:00:00Z", containers: [C("web", id: "aaa", mounts: [("/data", "/srv", true)])], findings: [])
        try fixture.snapshot(at: "2026-11-29T11:00:00Z", containers: [C("web", id: "bbb", mounts: [("/data", "/srv", true)])], findings: [])
        try fixture.snapshot(at: "2026-11-29T12:00:00Z", containers: [C("web", id: "bbb", mounts: [("/data", "/srv", false)])], findings: [])
        #expect(try fixture.diff(1, 2).isEmpty)
        let mounts = try table(try fixture.diff(1, 3), "container_mounts")
        let change = try #require(mounts.changed.first)
        #expect(change.key.map(\.value) == [ReportFixture.engine, "web", "/data"])
        #expect(change.changes == [FieldChange(field: "rw", old: .int(1), new: .int(0))])
    }

    @Test("default sides are the two latest complete snapshots; A must be older than B")
    func sides() throws {
        let fixture = try drift()
        try fixture.snapshot(at: "2026-11-29T13:00:00Z", containers: [], findings: [], containersStatus: .failed)
        let loader = DiffLoader(db: try fixture.reader(), catalog: fixture.catalog)
        let latest = try loader.resolveSides([])
        #expect(latest.from == 2 && latest.to == 3)
        let one = try loader.resolveSides(["1"])
        #expect(one.from == 1 && one.to == 3)
        #expect(throws: ReportError.sidesReversed(from: 3, to: 1)) { try loader.resolveSides(["3", "1"]) }
    }

    @Test("every diff format renders the new alarm")
    func formats() throws {
        let diff = try drift().diff(1, 2)
        for format in ReportFormat.allCases {
            let text = format.render(diff, options: ReportFixture.options)
            #expect(text.contains("ctr-privileged"), "\(format) lacks the new alarm")
        }
        let sarif = try #require(
            JSONSerialization.jsonObject(with: Data(ReportFormat.sarif.render(diff, options: ReportFixture.options).utf8)) as? [String: Any])
        let results = (sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]
        #expect(results?.count == 1)
        let text = ReportFormat.text.render(diff, options: ReportFixture.options)
        #expect(text.contains("memory_limit: 536870912 → 1073741824"))
        let html = ReportFormat.html.render(diff, options: ReportFixture.options)
        #expect(html.contains("<svg") && !html.contains("http://") && !html.contains("https://"))
    }
}
