import Foundation
import GRDB
import PostureChecks
import PostureStore

/// A posture database in a fresh temporary folder, removed when the value goes away.
final class TestDatabase {
    let folder: URL
    let path: String
    let database: PostureDatabase

    init() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("posture-checks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("posture.db").path
        database = try PostureDatabase(path: path)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Writes `scenario` as a new snapshot, evaluating `runner` inside the collect transaction.
    @discardableResult
    func collect(_ scenario: Scenario, runner: CheckRunner) throws -> SnapshotWriteSummary {
        try database.writeSnapshot(scenario.snapshotInput(), afterFacts: runner.afterFacts)
    }

    /// The open findings as `check_id resource status` lines, sorted.
    func findingLines() throws -> [String] {
        try database.read { db in
            try String.fetchAll(
                db, sql: "SELECT check_id || ' ' || resource || ' ' || status FROM findings ORDER BY check_id, resource")
        }
    }

    /// Open findings as (check_id, resource) → (status, severity, reason).
    func findings() throws -> [String: (status: String, severity: String, reason: String)] {
        try database.read { db in
            var result: [String: (String, String, String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT check_id, resource, status, severity, reason FROM findings") {
                result["\(row["check_id"] as String) \(row["resource"] as String)"] = (row["status"], row["severity"], row["reason"])
            }
            return result
        }
    }
}

/// The checks of this build; loading them is itself under test in CatalogTests.
let catalog: CheckCatalog = {
    do { return try CheckCatalog.load() } catch { fatalError("\(error)") }
}()

let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
