import Foundation
import PostureFacts
@testable import PostureScans
import PostureStore
import Testing

/// Imports into a real SQLite file and checks what the tables hold.
@Suite struct ImportStoreTests {
    @Test func importWritesOneSnapshotWithTheScanFacts() throws {
        let db = try TemporaryDatabase()
        let (planned, summary) = try db.importReports([Fixture.path("trivy/webapp-1.4.json")])
        #expect(planned.map(\.decision) == [.new])
        #expect(summary?.snapshotID == 1)
        #expect(try db.int("SELECT count(*) FROM snapshots") == 1)
        let collector = try db.query("SELECT collector, engine_id, status, item_count FROM snapshot_collectors")
        #expect(collector.rows == [[.text("scan-import"), .null, .text("ok"), .int(1)]])

        let scan = try db.query(
            "SELECT scanner, format, scanner_version, scanned_at, image_id, image_ref, match_kind, vulnerability_count, critical_count, secret_count, misconfiguration_count, source_sha256 FROM scans")
        #expect(scan.rows.count == 1)
        #expect(scan.rows[0][0...10] == [
            .text("trivy"), .text("trivy-json-v2"), .text("0.58.1"), .text("2025-03-04T09:12:31Z"),
            .text(webappImageID), .text(webappTag), .text("image_id"), .int(9), .int(2), .int(1), .int(1),
        ])
        #expect(scan.rows[0][11].text?.count == 64)
        #expect(try db.int("SELECT count(*) FROM scan_vulnerabilities") == 9)
        #expect(try db.int("SELECT count(*) FROM scan_secrets") == 1)
        #expect(try db.int("SELECT count(*) FROM scan_misconfigurations WHERE status = 'FAIL'") == 1)
        // A scan that names its image ID attaches to it whether or not the image is recorded yet.
        #expect(try db.int("SELECT count(*) FROM vulnerabilities WHERE image_id = '\(webappImageID)'") == 9)
        #expect(try db.int("SELECT count(*) FROM scan_images") == 0)
        #expect(try db.strings("SELECT DISTINCT severity FROM vulnerabilities ORDER BY 1") == ["critical", "high", "low", "medium", "unknown"])
    }

    @Test func reimportChangesNothing() throws {
        let db = try TemporaryDatabase()
        let file = Fixture.path("grype/webapp-1.4.json")
        try db.importReports([file])
        let (planned, summary) = try db.importReports([file])
        #expect(planned.map(\.decision) == [.alreadyImported])
        #expect(summary == nil)
        #expect(try db.int("SELECT count(*) FROM snapshots") == 1)
        // Written anyway, the same facts open and close nothing.
        let report = try Fixture.report("grype/webapp-1.4.json")
        let forced = try db.database.writeSnapshot(
            SnapshotInput(
                takenAt: "2025-03-05T00:00:00Z", host: "test", toolVersion: "test",
                results: [ScanImport.collectorResult([PlannedReport(report: report, decision: .new)])]))
        #expect(forced.versionsOpened == 0 && forced.versionsClosed == 0)
        #expect(try db.int("SELECT count(*) FROM scan_vulnerabilities_history") == 7)
    }

    @Test func newerScanClosesWhatItNoLongerListsAndOpensWhatIsNew() throws {
        let db = try TemporaryDatabase()
        try db.importReports([Fixture.path("trivy/webapp-1.4.json")])
        let (planned, summary) = try db.importReports([Fixture.path("trivy/webapp-1.4-rescan.json")])
        guard case .replaces = planned.first?.decision else {
            Issue.record("expected replaces, got \(String(describing: planned.first?.decision))")
            return
        }
        // Closed: the glibc finding (gone), express (severity changed), the scans row.
        // Opened: the OpenSSL finding, express's new version, the scans row.
        #expect(summary?.versionsClosed == 3)
        #expect(summary?.versionsOpened == 3)
        #expect(try db.int("SELECT count(*) FROM scan_vulnerabilities") == 9)
        #expect(try db.int("SELECT count(*) FROM scan_vulnerabilities_history") == 11)
        #expect(try db.int("SELECT count(*) FROM scan_vulnerabilities WHERE vulnerability_id = 'CVE-2024-2961'") == 0)
        #expect(try db.int("SELECT count(*) FROM scan_vulnerabilities WHERE vulnerability_id = 'CVE-2024-5535'") == 1)
        #expect(try db.strings("SELECT severity FROM scan_vulnerabilities WHERE vulnerability_id = 'CVE-2024-29041'") == ["high"])
        #expect(try db.int("SELECT count(*) FROM scans") == 1)
        #expect(try db.strings("SELECT scanned_at FROM scans") == ["2025-03-11T08:02:10Z"])
        // Only the changed rows were touched: the unchanged zlib finding still holds from snapshot 1.
        #expect(try db.int("SELECT valid_from FROM scan_vulnerabilities WHERE vulnerability_id = 'CVE-2023-45853'") == 1)
    }

    @Test func olderReportThanRecordedIsSkipped() throws {
        let db = try TemporaryDatabase()
        try db.importReports([Fixture.path("trivy/webapp-1.4-rescan.json")])
        let (planned, summary) = try db.importReports([Fixture.path("trivy/webapp-1.4.json")])
        #expect(planned.map(\.decision) == [.olderThanRecorded(recordedScannedAt: "2025-03-11T08:02:10Z")])
        #expect(summary == nil)
    }

    @Test func sameImageTwiceInOneImportKeepsTheNewest() throws {
        let db = try TemporaryDatabase()
        let old = Fixture.path("trivy/webapp-1.4.json")
        let new = Fixture.path("trivy/webapp-1.4-rescan.json")
        let (planned, _) = try db.importReports([new, old])
        #expect(planned.map(\.decision) == [.new, .superseded(by: new)])
        #expect(try db.strings("SELECT scanned_at FROM scans") == ["2025-03-11T08:02:10Z"])
        #expect(try db.int("SELECT count(*) FROM scan_vulnerabilities_history") == 9)
    }

    @Test func scannersOfTheSameImageAreSeparateScans() throws {
        let db = try TemporaryDatabase()
        try db.importReports([Fixture.path("trivy/webapp-1.4.json"), Fixture.path("grype/webapp-1.4.json")])
        #expect(try db.strings("SELECT scanner FROM scans ORDER BY 1") == ["grype", "trivy"])
        #expect(try db.int("SELECT count(DISTINCT scanner) FROM vulnerabilities WHERE image_id = '\(webappImageID)'") == 2)
    }

    @Test func badFileAmongGoodOnesWritesNothing() throws {
        let db = try TemporaryDatabase()
        try db.importReports([Fixture.path("grype/webapp-1.4.json")])
        let before = try Data(contentsOf: URL(fileURLWithPath: db.path))
        #expect(throws: ScanImportError.self) {
            try db.importReports([
                Fixture.path("trivy/webapp-1.4.json"), Fixture.path("snyk/webapp-1.4.json"),
                Fixture.path("trivy/repository-artifact.json"),
            ])
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db.path)) == before)
        #expect(try db.int("SELECT count(*) FROM snapshots") == 1)
        #expect(try db.strings("SELECT scanner FROM scans") == ["grype"])
    }

    @Test func snykScanAttachesByTagWhenTheImageAppears() throws {
        let db = try TemporaryDatabase()
        try db.importReports([Fixture.path("snyk/webapp-1.4.json")])
        #expect(try db.strings("SELECT match_kind || ' ' || match_key FROM scans") == ["repo_tag \(webappTag)"])
        #expect(try db.int("SELECT count(*) FROM scan_vulnerabilities") == 5)
        #expect(try db.int("SELECT count(*) FROM vulnerabilities") == 0)  // no image with that tag yet

        try db.recordImages([(webappTag, webappImageID)])
        #expect(try db.int("SELECT count(*) FROM vulnerabilities WHERE image_id = '\(webappImageID)'") == 5)
        #expect(try db.strings("SELECT match_kind FROM scan_images") == ["repo_tag"])

        // The users' join: findings of the images containers run.
        try recordContainer(db, imageID: webappImageID)
        let joined = try db.int(
            "SELECT count(*) FROM vulnerabilities v JOIN containers c ON c.image_id = v.image_id WHERE v.severity = 'critical'")
        #expect(joined == 2)
    }

    @Test func tagMatchAcceptsPodmanQualifiedNames() throws {
        let db = try TemporaryDatabase()
        let file = db.folder.appendingPathComponent("nginx.snyk.json").path
        try Data(
            #"{"vulnerabilities": [{"id": "SNYK-1", "packageName": "zlib", "version": "1.2", "severity": "high", "fixedIn": []}], "docker": {}, "packageManager": "deb", "path": "nginx:1.25", "projectName": "docker-image|nginx"}"#
                .utf8
        ).write(to: URL(fileURLWithPath: file))
        try db.importReports([file])
        try db.recordImages([("docker.io/library/nginx:1.25", "sha256:" + String(repeating: "c", count: 64))], engine: "unix:///run/podman/podman.sock")
        #expect(try db.strings("SELECT engine_id FROM vulnerabilities") == ["unix:///run/podman/podman.sock"])
    }

    @Test func reportWithoutImageIDAttachesByDigest() throws {
        let db = try TemporaryDatabase()
        let digest = "sha256:" + String(repeating: "d", count: 64)
        let file = db.folder.appendingPathComponent("remote.grype.json").path
        try Data(
            #"{"matches": [{"vulnerability": {"id": "CVE-1", "severity": "Low"}, "artifact": {"name": "p", "version": "1"}}], "source": {"type": "image", "target": {"userInput": "quay.io/x/y@\#(digest)", "repoDigests": [], "tags": []}}, "descriptor": {"name": "grype", "version": "0.80.0"}}"#
                .utf8
        ).write(to: URL(fileURLWithPath: file))
        try db.importReports([file])
        #expect(try db.strings("SELECT match_kind FROM scans") == ["repo_digest"])
        let localID = "sha256:" + String(repeating: "e", count: 64)
        try db.recordImages([("y:latest", localID), ("quay.io/x/y@\(digest)", localID)])
        #expect(try db.strings("SELECT image_id || ' ' || match_kind FROM vulnerabilities") == ["\(localID) repo_digest"])
    }

    private func recordContainer(_ db: TemporaryDatabase, imageID: String) throws {
        let engine = "unix:///var/run/docker.sock"
        var set = FactSet(
            table: "containers",
            columns: ["engine_id", "container_id", "name", "image_id", "running", "privileged", "readonly_rootfs", "no_new_privileges", "proc_unmasked"],
            keyColumns: ["container_id"], scope: ["engine_id": .text(engine)])
        set.append([
            "engine_id": .text(engine), "container_id": "c0ffee", "name": "webapp", "image_id": .text(imageID),
            "running": 1, "privileged": 0, "readonly_rootfs": 0, "no_new_privileges": 0, "proc_unmasked": 0,
        ])
        try db.database.writeSnapshot(
            SnapshotInput(
                takenAt: "2025-03-04T10:00:00Z", host: "test", toolVersion: "test",
                results: [CollectorResult(collector: "containers", engineID: engine, facts: [set])]))
    }
}
