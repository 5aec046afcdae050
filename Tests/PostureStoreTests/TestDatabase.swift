import Foundation
import PostureFacts
@testable import PostureStore

/// A fresh database file in its own temporary folder, removed when the test ends.
final class TestDatabase {
    let folder: String
    let path: String
    let store: PostureDatabase

    init() throws {
        folder = NSTemporaryDirectory() + "posture-store-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = folder + "/posture.db"
        store = try PostureDatabase(path: path)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Writes one snapshot holding `containers` (name → memory limit) for engine `e1`; with
    /// `subset`, the set replaces only the containers of those names.
    @discardableResult
    func snapshot(
        _ containers: [String: Int64?], status: CollectorResult.Status = .ok, mode: FactSet.Mode = .complete,
        subset: [String]? = nil
    ) throws -> SnapshotWriteSummary {
        var set = FactSet(
            table: "containers", columns: ["engine_id", "container_id", "name", "running", "privileged",
                "readonly_rootfs", "no_new_privileges", "proc_unmasked", "memory_limit"],
            keyColumns: ["container_id"], scope: ["engine_id": "e1"],
            subset: subset.map { FactSet.Subset(column: "name", values: $0) }, mode: mode)
        for (name, memory) in containers.sorted(by: { $0.key < $1.key }) {
            set.append([
                "engine_id": "e1", "container_id": .text("id-" + name), "name": .text(name), "running": 1,
                "privileged": 0, "readonly_rootfs": 0, "no_new_privileges": 0, "proc_unmasked": 0,
                "memory_limit": .optional(memory),
            ])
        }
        let result = CollectorResult(
            collector: "containers", engineID: "e1", status: status, itemCount: containers.count, facts: [set])
        return try store.writeSnapshot(
            SnapshotInput(takenAt: "2026-11-29T00:00:00Z", host: "test", toolVersion: "test", results: [result]))
    }

    func reader(snapshot: Int64? = nil) throws -> ReadOnlyDatabase {
        let db = try ReadOnlyDatabase(path: path)
        if let snapshot { try db.scope(toSnapshot: snapshot) }
        return db
    }

    /// The rows of `sql` as text, one string per row, cells joined by `|`.
    func rows(_ sql: String, snapshot: Int64? = nil) throws -> [String] {
        try reader(snapshot: snapshot).query(sql).rows.map { $0.map { $0.text ?? "NULL" }.joined(separator: "|") }
    }

    func count(_ table: String) throws -> Int {
        Int(try rows("SELECT count(*) FROM \(table)").first ?? "0") ?? -1
    }
}
