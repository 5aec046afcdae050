import Foundation
import PostureFacts
import PostureStore
import Testing

@testable import PostureReport

/// Daemon restarts and vulnerability drift, from tables other branches add (`daemons`,
/// schema 0002; `scans`/`scan_vulnerabilities` and the derived `vulnerabilities`, schema 0003).
/// Each test runs once this build's schema has its tables; the report itself tolerates their
/// absence (see ``ReportLoaderTests/outages()``).
@Suite("report: daemons and vulnerabilities when the schema has them")
struct HostAndScanTablesTests {
    static let relations: Set<String> = {
        guard let fixture = try? ReportFixture(), let db = try? fixture.reader() else { return [] }
        return (try? db.relationNames()) ?? []
    }()

    /// Snapshot 1: daemon started on 2026-10-01, web and db running, live-restore off, the image
    /// has CVE-1 and CVE-3. Snapshot 2: the daemon started again, CVE-1 fixed, CVE-2 new.
    func write(_ fixture: ReportFixture, snapshot: Int, startedAt: String, vulnerabilities: [(String, String)]) throws {
        typealias C = ReportFixture.Container
        let engine = ReportFixture.engine
        var daemons = FactSet(
            table: "daemons", columns: ["engine_id", "kind", "pid", "found_via", "started_at"], keyColumns: ["engine_id"],
            scope: ["engine_id": .text(engine)])
        daemons.append(["engine_id": .text(engine), "kind": "docker", "pid": .int(Int64(100 * snapshot)), "found_via": "socket", "started_at": .text(startedAt)])
        var scans = FactSet(
            table: "scans",
            columns: ["scan_id", "scanner", "format", "match_kind", "match_key", "image_id", "source_sha256", "source_file",
                      "vulnerability_count", "critical_count", "high_count", "secret_count", "misconfiguration_count"],
            keyColumns: ["scan_id"], scope: [:])
        scans.append([
            "scan_id": "s1", "scanner": "trivy", "format": "trivy-json-v2", "match_kind": "image_id", "match_key": "sha256:img",
            "image_id": "sha256:img", "source_sha256": .text("sha\(snapshot)"), "source_file": "scan.json",
            "vulnerability_count": .int(Int64(vulnerabilities.count)), "critical_count": 0, "high_count": 0, "secret_count": 0,
            "misconfiguration_count": 0,
        ])
        var findings = FactSet(
            table: "scan_vulnerabilities",
            columns: ["scan_id", "scanner", "match_kind", "match_key", "vulnerability_id", "package", "installed_version",
                      "fixed_version", "severity", "target", "pkg_path"],
            keyColumns: ["scan_id", "vulnerability_id", "package", "installed_version", "target", "pkg_path"], scope: ["scan_id": "s1"])
        for (id, severity) in vulnerabilities {
            findings.append([
                "scan_id": "s1", "scanner": "trivy", "match_kind": "image_id", "match_key": "sha256:img", "vulnerability_id": .text(id),
                "package": "openssl", "installed_version": "3.0.1", "fixed_version": "3.0.2", "severity": .text(severity),
                "target": "", "pkg_path": "",
            ])
        }
        try fixture.snapshot(
            at: "2026-11-0\(snapshot)T06:00:00Z", containers: [C("web"), C("db")], findings: [],
            extra: [
                CollectorResult(collector: "daemon", engineID: engine, itemCount: 1, facts: [daemons]),
                CollectorResult(collector: "scan-import", engineID: nil, itemCount: 1, facts: [scans, findings]),
            ])
    }

    @Test("a daemon whose start time changed is a restart; with live-restore off the running containers are counted",
          .enabled(if: relations.contains("daemons_versions") && relations.contains("scan_vulnerabilities_versions")))
    func restart() throws {
        let fixture = try ReportFixture()
        try write(fixture, snapshot: 1, startedAt: "2026-10-01T00:00:00Z", vulnerabilities: [("CVE-1", "high"), ("CVE-3", "low")])
        try write(fixture, snapshot: 2, startedAt: "2026-11-02T05:00:00Z", vulnerabilities: [("CVE-2", "critical"), ("CVE-3", "low")])
        let report = try fixture.report(2, timeline: true)
        let restart = try #require(report.availability.engines.first?.restarts.first)
        #expect(restart.snapshotID == 2 && restart.previousStartedAt == "2026-10-01T00:00:00Z")
        #expect(restart.liveRestore == false && restart.runningBefore == 2)
        #expect(report.timeline?.hasVulnerabilities == true)
        #expect(report.timeline?.points.last?.vulnerabilities["critical"] == 1)

        let diff = try fixture.diff(1, 2)
        #expect(diff.vulnerabilities?.introduced.map(\.vulnerabilityID) == ["CVE-2"])
        #expect(diff.vulnerabilities?.fixed.map(\.vulnerabilityID) == ["CVE-1"])
        let daemons = try #require(diff.tables.first { $0.table == "daemons" })
        #expect(daemons.changed.first?.changes.map(\.field) == ["started_at"])  // pid is not a change
    }
}
