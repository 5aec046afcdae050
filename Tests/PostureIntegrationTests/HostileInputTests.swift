import Foundation
import GRDB
import PostureFacts
import PostureStore
import Testing

// Nested in the serialized "real engines" suite: it creates containers (or stops engines
// behind a proxy) that other real-engine tests must not see mid-collect.
extension RealEngineTests {
    /// Hostile input on the real engine and through the real binary: a container with 10,000
    /// environment variables and 10,000 labels, and SQL given to `posture query` that tries to
    /// write, attach, load an extension, or run for ever.
    @Suite("hostile input", .serialized)
    struct HostileInputTests {
        @Test("a container with 10,000 env vars and 10,000 labels is collected whole, values hashed, and re-collects unchanged")
        func tenThousandEnvAndLabels() async throws {
            let folder = NSTemporaryDirectory() + "posture-hostile-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let envFile = folder + "/env", labelFile = folder + "/labels"
            try (0..<10_000).map { "HOSTILE_VAR_\($0)=clear-value-\($0)" }.joined(separator: "\n")
                .write(toFile: envFile, atomically: true, encoding: .utf8)
            try (0..<10_000).map { "hostile.label.\($0)=label-value-\($0)" }.joined(separator: "\n")
                .write(toFile: labelFile, atomically: true, encoding: .utf8)
            let name = "posture-hostile-" + UUID().uuidString.prefix(8).lowercased()
            let id = try TestEngines.dockerCLI(
                "create", "--name", name, "--env-file", envFile, "--label-file", labelFile, "posture-test/busybox:1", "true")
            defer { _ = try? TestEngines.dockerCLI("rm", "-f", id) }

            let harness = try CollectHarness()
            let (first, _) = try await harness.collect([try TestEngines.dockerEndpoint()])
            #expect(first.status == "complete")
            #expect(try harness.value("SELECT count(*) FROM container_env WHERE container_id = '\(id)' AND key LIKE 'HOSTILE\\_VAR\\_%' ESCAPE '\\'") == "10000")
            #expect(try harness.value("SELECT count(*) FROM container_labels WHERE container_id = '\(id)' AND key LIKE 'hostile.label.%'") == "10000")
            // No clear env value anywhere, not even in the kept raw JSON.
            #expect(try harness.value("SELECT count(*) FROM container_env WHERE value_hash LIKE '%clear-value%'") == "0")
            #expect(try harness.value("SELECT instr(raw_json, 'clear-value-') FROM containers WHERE container_id = '\(id)'") == "0")
            #expect(try harness.value("SELECT value FROM container_labels WHERE container_id = '\(id)' AND key = 'hostile.label.9999'") == "label-value-9999")

            let (second, _) = try await harness.collect([try TestEngines.dockerEndpoint()])
            #expect(second.versionsOpened == 0 && second.versionsClosed == 0)
        }

        @Test("SQL that writes, attaches, loads extensions or reads files is refused by `posture query`, and the file does not change",
              arguments: [
                  "DELETE FROM snapshots", "INSERT INTO snapshots (taken_at, host, status) VALUES ('x', 'x', 'complete')",
                  "ATTACH DATABASE '/tmp/posture-hostile-attach.db' AS x", "VACUUM INTO '/tmp/posture-hostile-attach.db'",
                  "SELECT load_extension('/tmp/posture-hostile.so')", "SELECT writefile('/tmp/posture-hostile-attach.db', 'x')",
                  "PRAGMA journal_mode = DELETE", "PRAGMA wal_checkpoint(TRUNCATE)", "DROP VIEW containers",
                  "CREATE TEMP TRIGGER t AFTER INSERT ON snapshots BEGIN SELECT 1; END",
              ])
        func refusedSQL(_ sql: String) throws {
            let db = try QueryTarget()
            let before = try db.fingerprint()
            let outcome = try PostureCLI.run(["query", "--db", db.path, sql])
            #expect(outcome.status == 1, "\(outcome.stdout)")
            #expect(outcome.stderr.contains("query refused") || outcome.stderr.contains("query failed"), "\(outcome.stderr)")
            #expect(try db.fingerprint() == before)
            #expect(!FileManager.default.fileExists(atPath: "/tmp/posture-hostile-attach.db"))
        }

        @Test("a query that runs for ever stops at --timeout, one that returns for ever stops at --max-rows, both saying so")
        func runaway() throws {
            let db = try QueryTarget()
            let endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
            let stopped = try PostureCLI.run(["query", "--db", db.path, "--timeout", "1", endless])
            #expect(stopped.status == 1)
            #expect(stopped.stderr.contains("query stopped after 1"), "\(stopped.stderr)")
            #expect(stopped.seconds < 20)

            let rows = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n"
            let capped = try PostureCLI.run(["query", "--db", db.path, "--format", "csv", "--max-rows", "5", rows])
            #expect(capped.status == 0)
            #expect(capped.stdout.split(whereSeparator: \.isNewline).count == 6)  // header + 5 rows
            #expect(capped.stderr.contains("output stopped at 5 rows"), "\(capped.stderr)")
        }
    }
}

/// A database with one snapshot for the query tests, and a fingerprint of its files.
final class QueryTarget {
    let folder = NSTemporaryDirectory() + "posture-query-" + UUID().uuidString
    var path: String { folder + "/posture.db" }
    /// Kept open, as a collect running beside the query would.
    private var store: PostureDatabase?

    init() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = try PostureDatabase(path: path)
        self.store = store
        try store.writeSnapshot(SnapshotInput(takenAt: "2026-11-29T00:00:00Z", host: "h", toolVersion: "t", results: []))
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Every file of the folder with its bytes (the database, its WAL, anything created).
    func fingerprint() throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where !name.hasSuffix("-shm") {
            result[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return result
    }
}
