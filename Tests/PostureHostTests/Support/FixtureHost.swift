import Foundation
import PostureFacts
import PostureHost
import PostureStore
import Testing

/// A copy of a recorded host tree (`Fixtures/hosts/<scenario>`) in a fresh temporary folder, so
/// the test can set what git does not keep (owners, modes, mtimes) without touching the repository.
final class FixtureHost {
    let root: String

    init(_ scenario: String) throws {
        let source = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/hosts/\(scenario)").path
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("posture-host-\(UUID().uuidString)/\(scenario)").path
        try FileManager.default.createDirectory(
            atPath: (root as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source, toPath: root)
    }

    deinit { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }

    func path(_ hostPath: String) -> String { root + hostPath }

    /// Sets owner and mode of a file of the tree (the tests run as root, as CI does).
    func own(_ hostPath: String, uid: UInt32, gid: UInt32, mode: mode_t) throws {
        try #require(chown(path(hostPath), uid, gid) == 0, "chown \(hostPath) needs root")
        try #require(chmod(path(hostPath), mode) == 0)
    }

    /// Sets a file's modification time (seconds since the epoch).
    func touch(_ hostPath: String, mtime: Double) throws {
        let seconds = Int(mtime.rounded(.down))
        let nanos = Int((mtime - Double(seconds)) * 1e9)
        var times = [timespec(tv_sec: seconds, tv_nsec: nanos), timespec(tv_sec: seconds, tv_nsec: nanos)]
        try #require(utimensat(AT_FDCWD, path(hostPath), &times, 0) == 0)
    }
}

/// Rows of one table in collector results, as column → value.
func rows(_ table: String, in results: [CollectorResult]) -> [[String: FactValue]] {
    results.flatMap { $0.facts.filter { $0.table == table } }.flatMap { set in
        set.rows.map { Dictionary(uniqueKeysWithValues: zip(set.columns, $0)) }
    }
}

func samples(_ table: String, in results: [CollectorResult]) -> [[String: FactValue]] {
    results.flatMap { $0.samples.filter { $0.table == table } }.flatMap { set in
        set.rows.map { Dictionary(uniqueKeysWithValues: zip(set.columns, $0)) }
    }
}

func result(_ collector: String, engine: String, in results: [CollectorResult]) throws -> CollectorResult {
    try #require(results.first { $0.collector == collector && $0.engineID == engine })
}

/// Writes the results as one snapshot into a fresh SQLite file and opens it read-only.
func store(_ results: [CollectorResult]) throws -> (ReadOnlyDatabase, String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("posture-host-db-\(UUID().uuidString)")
    let path = folder.appendingPathComponent("posture.db").path
    let database = try PostureDatabase(path: path)
    try database.writeSnapshot(
        SnapshotInput(takenAt: "2025-11-29T05:00:00Z", host: "fixture", toolVersion: "test", results: results))
    return (try ReadOnlyDatabase(path: path), folder.path)
}

extension QueryResult {
    /// Each row as column → text (NULL as nil).
    var texts: [[String: String?]] {
        rows.map { row in Dictionary(uniqueKeysWithValues: zip(columns, row.map(\.text))) }
    }
}
