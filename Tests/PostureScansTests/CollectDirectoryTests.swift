import Foundation
import PostureFacts
@testable import PostureScans
import PostureStore
import Testing

/// `collect --scan-results DIR`: bad reports do not stop good ones; known content is skipped.
@Suite struct CollectDirectoryTests {
    @Test func goodReportsAreWrittenAndBadOnesReported() throws {
        let db = try TemporaryDatabase()
        let folder = db.folder.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["trivy/webapp-1.4.json", "grype/worker-1.9-old-layout.json", "trivy/truncated.json"] {
            try FileManager.default.copyItem(
                atPath: Fixture.path(name), toPath: folder.appendingPathComponent(name.replacingOccurrences(of: "/", with: "-")).path)
        }
        try Data("not a report".utf8).write(to: folder.appendingPathComponent("notes.txt"))  // not .json: ignored

        let first = ScanImport.collect(directory: folder.path, recorded: [])
        #expect(first.result.collector == "scan-results" && first.result.engineID == nil)
        #expect(first.result.status == .partial)
        #expect(first.result.error?.contains("trivy-truncated.json is not valid JSON") == true)
        #expect(first.planned.map(\.decision) == [.new, .new])
        #expect(first.unchanged.isEmpty)
        try db.database.writeSnapshot(
            SnapshotInput(takenAt: "2025-03-04T10:00:00Z", host: "test", toolVersion: "test", results: [first.result]))
        #expect(try db.int("SELECT count(*) FROM scans") == 2)
        #expect(try db.strings("SELECT status FROM snapshot_collectors") == ["partial"])

        let recorded = try db.query(ScanImport.recordedScansQuery).rows.map {
            RecordedScan(scanID: $0[0].text!, sourceSHA256: $0[1].text!, scannedAt: $0[2].text)
        }
        let second = ScanImport.collect(directory: folder.path, recorded: recorded)
        #expect(second.planned.isEmpty)
        #expect(second.unchanged.count == 2)
        #expect(second.result.facts.isEmpty && second.result.status == .partial)
    }

    @Test func missingFolderFailsWithoutFacts() {
        let outcome = ScanImport.collect(directory: "/nonexistent/scan-results", recorded: [])
        #expect(outcome.result.status == .failed)
        #expect(outcome.result.facts.isEmpty)
        #expect(outcome.result.error?.contains("cannot read /nonexistent/scan-results") == true)
    }

    @Test func loadDirectoryIsAllOrNothing() throws {
        #expect(throws: ScanImportError.self) { try ScanImport.load(directory: Fixture.path("trivy")) }  // holds bad ones
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("posture-dir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: ScanImportError.noReports(directory: folder.path)) { try ScanImport.load(directory: folder.path) }
        for name in ["webapp-1.4.json", "worker-1.9-old-layout.json"] {
            try FileManager.default.copyItem(atPath: Fixture.path("grype/" + name), toPath: folder.appendingPathComponent(name).path)
        }
        #expect(try ScanImport.load(directory: folder.path).map(\.scanner) == [.grype, .grype])
    }
}
