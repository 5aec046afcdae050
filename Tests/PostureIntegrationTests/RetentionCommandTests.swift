import Foundation
import GRDB
import Testing

/// `posture prune`, `collect --prune` and `posture verify` on the command line, over snapshots
/// of the real test engine.
@Suite("prune and verify on the command line", .enabled(if: TestEngines.enabled && PostureProcess.binary != nil), .serialized)
struct RetentionCommandTests {
    final class Folder {
        let path = NSTemporaryDirectory() + "posture-retention-" + UUID().uuidString
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var db: String { path + "/posture.db" }
    }

    func collect(_ folder: Folder, _ extra: [String] = []) throws -> PostureProcess.Run {
        let run = try PostureProcess.run(["collect", "--db", folder.db, "--engine", try TestEngines.dockerEndpoint().id] + extra)
        #expect(run.status == 0, "\(run.stderr)")
        return run
    }

    @Test("--dry-run says what would go; collect --prune prunes, re-anchors and reports the bytes; verify passes, then names a tampered snapshot")
    func pruneThenVerify() throws {
        let folder = try Folder()
        for _ in 0..<3 { _ = try collect(folder) }
        let dry = try PostureProcess.run(["prune", "--db", folder.db, "--keep-snapshots", "2", "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.hasPrefix("would remove 1 snapshot(s) (1-1); keeping 2-3"), "\(dry.stdout)\(dry.stderr)")
        #expect(dry.stdout.contains("snapshot_collectors: "))

        let pruned = try collect(folder, ["--prune", "--keep-snapshots", "2"])
        #expect(pruned.stdout.contains("removed 2 snapshot(s) (1-2); keeping 3-4"), "\(pruned.stdout)")
        #expect(pruned.stdout.contains("reclaimed by VACUUM"))
        #expect(pruned.stdout.contains("chain re-anchored at snapshot 3"))

        let verified = try PostureProcess.run(["verify", "--db", folder.db])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.hasPrefix("OK: 2 snapshot(s) verified (3-4)"))
        #expect(verified.stdout.contains("anchored at snapshot 3") && verified.stdout.contains("prune --keep-snapshots 2"))

        // Someone edits a fact valid in snapshot 3 in the sqlite3 shell: verify names the
        // snapshot and the table, exit 4. (Other tests may change the zoo between collects, so
        // pick a version by its range, not by its age.)
        let queue = try DatabaseQueue(path: folder.db)
        try queue.write {
            try $0.execute(
                sql: """
                    UPDATE containers_versions SET privileged = 1 - privileged WHERE row_id = (SELECT max(row_id)
                      FROM containers_versions WHERE valid_from <= 3 AND (valid_to IS NULL OR valid_to > 3))
                    """)
        }
        let tampered = try PostureProcess.run(["verify", "--db", folder.db])
        #expect(tampered.status == 4)
        #expect(tampered.stdout.hasPrefix("FAILED: snapshot 3"), "\(tampered.stdout)")
        #expect(tampered.stdout.contains("containers_versions: a version valid in this snapshot was changed"))
    }

    @Test("usage errors: --prune without a rule, a rule without --prune, a bad duration")
    func usage() throws {
        let folder = try Folder()
        #expect(try PostureProcess.run(["collect", "--db", folder.db, "--prune"]).status == 64)
        #expect(try PostureProcess.run(["collect", "--db", folder.db, "--keep", "90d"]).status == 64)
        let bad = try PostureProcess.run(["prune", "--db", folder.db, "--keep", "90x"])
        #expect(bad.status == 64 && bad.stderr.contains("unknown unit x"))
        #expect(!FileManager.default.fileExists(atPath: folder.db))
    }
}
