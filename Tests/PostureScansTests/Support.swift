import Foundation
import PostureFacts
import PostureScans
import PostureStore
import Testing

/// Paths and helpers shared by the scan tests.
enum Fixture {
    /// The repository root, found from this file's path.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Fixtures/scans/<name>`.
    static func path(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("Fixtures/scans").appendingPathComponent(name).path
    }

    /// Parses one fixture that must hold exactly one report.
    static func report(_ name: String) throws -> ParsedReport {
        let reports = try ReportParser.parse(fileAt: path(name))
        try #require(reports.count == 1)
        return reports[0]
    }

    /// `../shared/samples` next to the repository (real reports written by other projects),
    /// `nil` when absent: tests that use it skip.
    static var samples: URL? {
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/samples")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}

/// A posture database in a fresh temporary folder.
final class TemporaryDatabase {
    let folder: URL
    let path: String
    let database: PostureDatabase

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("posture-scans-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("posture.db").path
        database = try PostureDatabase(path: path)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Plans `files` against what is recorded and writes them as one snapshot, like
    /// `posture import`; returns the decisions and the write summary (nil when nothing new).
    @discardableResult
    func importReports(_ files: [String]) throws -> ([PlannedReport], SnapshotWriteSummary?) {
        let reports = try ScanImport.load(files: files)
        let recorded = try query(ScanImport.recordedScansQuery).rows.map {
            RecordedScan(scanID: $0[0].text!, sourceSHA256: $0[1].text!, scannedAt: $0[2].text)
        }
        let planned = ScanImport.plan(reports, recorded: recorded)
        guard planned.contains(where: \.decision.writes) else { return (planned, nil) }
        let summary = try database.writeSnapshot(
            SnapshotInput(
                takenAt: "2025-03-04T10:00:00Z", host: "test", toolVersion: "test",
                results: [ScanImport.collectorResult(planned)]))
        return (planned, summary)
    }

    /// Records `tags` (reference → image ID) as the images of one engine in a new snapshot,
    /// the way the image collector would; returns the snapshot id.
    @discardableResult
    func recordImages(_ tags: [(reference: String, imageID: String)], engine: String = "unix:///var/run/docker.sock") throws -> Int64 {
        let scope: [String: FactValue] = ["engine_id": .text(engine)]
        var images = FactSet(table: "images", columns: ["engine_id", "image_id", "repo_tags"], keyColumns: ["image_id"], scope: scope)
        var imageTags = FactSet(
            table: "image_tags", columns: ["engine_id", "image_id", "reference", "kind"],
            keyColumns: ["image_id", "reference"], scope: scope)
        for id in Set(tags.map(\.imageID)).sorted() {
            let refs = tags.filter { $0.imageID == id && !$0.reference.contains("@") }.map(\.reference)
            images.append(["engine_id": .text(engine), "image_id": .text(id), "repo_tags": .text(refs.joined(separator: ","))])
        }
        for tag in tags {
            imageTags.append([
                "engine_id": .text(engine), "image_id": .text(tag.imageID), "reference": .text(tag.reference),
                "kind": .text(tag.reference.contains("@") ? "digest" : "tag"),
            ])
        }
        let result = CollectorResult(collector: "images", engineID: engine, facts: [images, imageTags])
        return try database.writeSnapshot(
            SnapshotInput(takenAt: "2025-03-04T10:00:00Z", host: "test", toolVersion: "test", results: [result])
        ).snapshotID
    }

    func query(_ sql: String, snapshot: Int64? = nil) throws -> QueryResult {
        let reader = try ReadOnlyDatabase(path: path)
        if let snapshot { try reader.scope(toSnapshot: snapshot) }
        return try reader.query(sql)
    }

    func int(_ sql: String, snapshot: Int64? = nil) throws -> Int64 {
        let value = try query(sql, snapshot: snapshot).rows.first?.first
        guard case .int(let v) = value else {
            Issue.record("expected an integer from \(sql), got \(String(describing: value))")
            return -1
        }
        return v
    }

    func strings(_ sql: String, snapshot: Int64? = nil) throws -> [String] {
        try query(sql, snapshot: snapshot).rows.map { $0.first?.text ?? "NULL" }
    }
}

let webappImageID = "sha256:5d0f3b1c2a9e8d7c6b5a49382716f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4"
let webappTag = "registry.example.com/shop/webapp:1.4"
