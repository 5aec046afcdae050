import Foundation
@testable import PostureScans
import Testing

@Suite struct ScannerRunnerTests {
    @Test func commandLines() {
        let id = "sha256:" + String(repeating: "a", count: 64)
        #expect(ScannerRunner.arguments(for: .trivy, image: id) == ["image", "--format", "json", "--quiet", id])
        #expect(ScannerRunner.arguments(for: .grype, image: id) == [id, "-o", "json"])
    }

    @Test func noScannerInstalledSaysSo() {
        let runner = ScannerRunner(environment: ["PATH": "/nonexistent/bin:/also-not-there"])
        #expect(runner.installed.isEmpty)
        let outcome = runner.scan(images: ["sha256:" + String(repeating: "a", count: 64)])
        #expect(outcome.tool == nil && outcome.reports.isEmpty && outcome.failures.isEmpty)
        let note = outcome.note ?? ""
        #expect(note.contains("no scanner installed: neither trivy nor grype is on PATH (/nonexistent/bin:/also-not-there)"))
        #expect(note.contains("posture import"))
    }

    /// A stand-in `trivy` on PATH that prints a fixture: the runner finds it, passes the image,
    /// parses stdout and takes the database time from `trivy version`.
    @Test func runsTheScannerFoundOnPath() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("posture-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("args.log").path
        let script = """
            #!/bin/sh
            echo "$@" >> '\(log)'
            if [ "$1" = version ]; then
              echo '{"Version":"0.58.1","VulnerabilityDB":{"Version":2,"UpdatedAt":"2025-03-04T00:12:05.123Z"}}'
              exit 0
            fi
            case "$5" in
              *bad*) echo "unable to find the image" >&2; exit 1 ;;
            esac
            cat '\(Fixture.path("trivy/webapp-1.4.json"))'
            """
        let trivy = folder.appendingPathComponent("trivy").path
        try script.write(toFile: trivy, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: trivy)

        let runner = ScannerRunner(environment: ["PATH": folder.path + ":/usr/bin:/bin"], timeout: 30)
        #expect(runner.installed == [.trivy])
        let outcome = runner.scan(images: [webappImageID, "bad-image"])
        #expect(outcome.tool == .trivy && outcome.note == nil)
        #expect(outcome.reports.count == 1)
        #expect(outcome.reports.first?.dbUpdatedAt == "2025-03-04T00:12:05Z")
        #expect(outcome.reports.first?.vulnerabilities.count == 9)
        #expect(outcome.failures.map(\.image) == ["bad-image"])
        #expect(outcome.failures.first?.reason.contains("unable to find the image") == true)
        let calls = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(calls.contains("image --format json --quiet \(webappImageID)"))
    }

    @Test func imagesToScanAreThoseWithoutAFreshScan() throws {
        let db = try TemporaryDatabase()
        let other = "sha256:" + String(repeating: "f", count: 64)
        try db.recordImages([(webappTag, webappImageID), ("busybox:1.36", other)])
        try db.importReports([Fixture.path("trivy/webapp-1.4.json")])
        let any = ScannerRunner.imagesToScanQuery(tool: .trivy, databaseBuiltAt: nil)
        #expect(try db.strings(any) == [other])
        // Trivy's JSON has no database time, so a freshness bound rescans everything.
        let fresh = ScannerRunner.imagesToScanQuery(tool: .trivy, databaseBuiltAt: "2025-03-01T00:00:00Z")
        #expect(try db.strings(fresh).sorted() == [webappImageID, other].sorted())
        try db.importReports([Fixture.path("grype/webapp-1.4.json")])
        let grype = ScannerRunner.imagesToScanQuery(tool: .grype, databaseBuiltAt: "2025-03-01T00:00:00Z")
        #expect(try db.strings(grype) == [other])
        let newerDB = ScannerRunner.imagesToScanQuery(tool: .grype, databaseBuiltAt: "2025-03-05T00:00:00Z")
        #expect(try db.strings(newerDB).count == 2)
    }
}
