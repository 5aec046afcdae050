import Foundation
import GRDB
import PostureFacts
import Testing
@testable import PostureStore

/// `prune`: old snapshots and the versions only they used go, every kept snapshot answers
/// exactly as before, the space is reclaimed and the chain is re-anchored.
@Suite("retention (prune)")
struct PruneTests {
    /// Eight snapshots, one a day from 2026-11-01: containers come, change and go; the first
    /// three carry 300 bulky environment variables that vanish in snapshot 4; every snapshot
    /// samples usage.
    func history() throws -> TestDatabase {
        let db = try TestDatabase()
        let plan: [[String: Int64?]] = [
            ["web": 512, "db": nil, "cache": 64],
            ["web": 512, "db": nil, "cache": 64],
            ["web": 1024, "db": nil],
            ["web": 1024, "db": nil, "queue": 32],
            ["web": 1024, "db": nil, "queue": 32],
            ["web": 2048, "db": nil],
            ["web": 2048, "db": nil, "batch": 16],
            ["web": 2048, "db": 8, "batch": 16],
        ]
        for (i, containers) in plan.enumerated() {
            var set = FactSet(
                table: "containers", columns: ["engine_id", "container_id", "name", "running", "privileged",
                    "readonly_rootfs", "no_new_privileges", "proc_unmasked", "memory_limit"],
                keyColumns: ["container_id"], scope: ["engine_id": "e1"])
            var env = FactSet(
                table: "container_env", columns: ["engine_id", "container_id", "key", "value_hash", "secret_like"],
                keyColumns: ["container_id", "key"], scope: ["engine_id": "e1"])
            var usage = SampleSet(table: "container_usage_samples", columns: ["engine_id", "container_id", "memory_current"])
            for (name, memory) in containers.sorted(by: { $0.key < $1.key }) {
                set.append([
                    "engine_id": "e1", "container_id": .text("id-" + name), "name": .text(name), "running": 1,
                    "privileged": 0, "readonly_rootfs": 0, "no_new_privileges": 0, "proc_unmasked": 0,
                    "memory_limit": .optional(memory),
                ])
                usage.append(["engine_id": "e1", "container_id": .text("id-" + name), "memory_current": .int(Int64(1000 * i))])
            }
            if i < 3 {
                for n in 0..<300 {
                    env.append([
                        "engine_id": "e1", "container_id": "id-web", "key": .text("VAR_\(n)"),
                        "value_hash": .text(String(repeating: "\(i)", count: 200)), "secret_like": 0,
                    ])
                }
            }
            let result = CollectorResult(
                collector: "containers", engineID: "e1", itemCount: containers.count, facts: [set, env], samples: [usage])
            try db.store.writeSnapshot(
                SnapshotInput(
                    takenAt: String(format: "2026-11-%02dT00:00:00Z", i + 1), host: "test", toolVersion: "test",
                    results: [result]))
        }
        return db
    }

    static let now = ISO8601DateFormatter().date(from: "2026-11-09T00:00:00Z")!

    /// Every public view that answers per snapshot, as sorted lines, for each snapshot from
    /// `first`; `snapshots` and `snapshot_collectors` restricted to those snapshots.
    func answers(_ db: TestDatabase, from first: Int64, through last: Int64) throws -> [String: [String]] {
        let views = try db.rows(
            """
            SELECT name FROM sqlite_schema WHERE type = 'view'
              AND name NOT LIKE '%\\_history' ESCAPE '\\' AND name NOT LIKE '%\\_versions' ESCAPE '\\'
            """)
        #expect(views.count >= 20)
        var result: [String: [String]] = [:]
        for id in first...last {
            for view in views {
                result["\(id) \(view)"] = try db.rows("SELECT * FROM \(view)", snapshot: id).sorted()
            }
            result["\(id) snapshots"] = try db.rows("SELECT * FROM snapshots WHERE id >= \(first)", snapshot: id)
            result["\(id) snapshot_collectors"] = try db.rows(
                "SELECT * FROM snapshot_collectors WHERE snapshot_id >= \(first)", snapshot: id).sorted()
        }
        return result
    }

    @Test("--keep-snapshots: kept snapshots answer exactly as before; old versions, samples and snapshots go; space is reclaimed")
    func keepSnapshots() throws {
        let db = try history()
        let before = try answers(db, from: 6, through: 8)
        #expect(before["6 containers"]?.count == 2 && before["8 container_usage"]?.count == 3)
        let result = try db.store.prune(try RetentionPolicy(age: nil, count: 3), now: Self.now)
        #expect(result.plan.oldestKept == 6 && result.plan.removedSnapshots == 5 && result.plan.removed == 1...5)
        #expect(try answers(db, from: 6, through: 8) == before)
        #expect(try db.rows("SELECT id FROM snapshots ORDER BY id") == ["6", "7", "8"])
        #expect(try db.rows("SELECT min(snapshot_id) FROM container_usage_samples") == ["6"])
        #expect(try db.rows("SELECT min(snapshot_id) FROM snapshot_collectors") == ["6"])
        // Versions closed at or before 6 are gone; 'db' (valid since 1, closed at 8) stays with its valid_from.
        #expect(try db.rows("SELECT count(*) FROM containers_versions WHERE valid_to <= 6") == ["0"])
        #expect(try db.rows("SELECT valid_from, valid_to FROM containers_versions WHERE name = 'db' ORDER BY valid_from") == ["1|8", "8|NULL"])
        #expect(try db.count("container_env_history") == 0)
        #expect(result.plan.rows["container_env_versions"] == 900)
        #expect(result.plan.rows["containers_versions"] == 4)  // web 512, web 1024, cache and queue; db stays
        #expect(result.bytesAfter < result.bytesBefore)
        let verified = try ChainVerifier.verify(try db.reader())
        #expect(verified.failure == nil && verified.snapshotsVerified == 3)
        #expect(verified.anchor?.snapshotID == 6)
        #expect(verified.anchor?.reason.contains("prune --keep-snapshots 3: removed 5 snapshot(s) 1-5") == true)
        #expect(try db.rows("SELECT count(*) FROM chain_anchors") == ["2"])  // the first snapshot's anchor stays as a log
    }

    @Test("a prune has timed checks run again at the next collect: they may read the time of a removed snapshot")
    func pruneResetsTimedChecks() throws {
        let db = try history()
        try db.store.queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO check_revisions (check_id, revision, reads, evaluated_in, timed, changes_at)
                    VALUES ('img-aging', 'r', 'snapshots', 8, 1, NULL), ('ctr-plain', 'r', 'containers_versions', 8, 0, NULL)
                    """)
        }
        _ = try db.store.prune(try RetentionPolicy(age: nil, count: 3), now: Self.now)
        #expect(try db.rows("SELECT check_id, timed, evaluated_in FROM check_revisions ORDER BY 1") == ["ctr-plain|0|8", "img-aging|0|8"])
    }

    @Test("--keep DURATION keeps the snapshots taken within it; the latest is never removed")
    func keepAge() throws {
        let db = try history()
        let plan = try #require(try db.store.planPrune(try RetentionPolicy(age: "3d", count: nil), now: Self.now))
        #expect(plan.oldestKept == 6)
        let none = try #require(try db.store.planPrune(try RetentionPolicy(age: "1s", count: nil), now: Self.now.addingTimeInterval(86400 * 365)))
        #expect(none.oldestKept == 8 && none.removedSnapshots == 7)
        // With both rules, a snapshot either keeps is kept.
        let both = try #require(try db.store.planPrune(try RetentionPolicy(age: "3d", count: 5), now: Self.now))
        #expect(both.oldestKept == 4)
        #expect(throws: StoreError.self) { _ = try RetentionPolicy(age: "90x", count: nil) }
        #expect(throws: StoreError.self) { _ = try RetentionPolicy(age: nil, count: 0) }
        #expect(throws: StoreError.self) { _ = try RetentionPolicy(age: nil, count: nil) }
        #expect(try RetentionPolicy.duration("2w") == 14 * 86400)
        #expect(try RetentionPolicy.duration("12h") == 43200)
    }

    @Test("a dry run changes nothing and plans what the prune then removes")
    func dryRun() throws {
        let db = try history()
        let policy = try RetentionPolicy(age: "3d", count: nil)
        let planned = try #require(try db.store.planPrune(policy, now: Self.now))
        #expect(try db.count("snapshots") == 8)
        #expect(try db.count("container_env_history") == 900)
        let done = try db.store.prune(policy, now: Self.now)
        #expect(done.plan.rows == planned.rows && done.plan.oldestKept == planned.oldestKept)
        let again = try db.store.prune(policy, now: Self.now)
        #expect(again.plan.isEmpty && again.anchorReason == nil)
    }

    @Test("an edit made before a prune is still detected after it: re-anchoring uses the recorded digests")
    func noLaundering() throws {
        let db = try history()
        let queue = try DatabaseQueue(path: db.path)
        try queue.writeWithoutTransaction { try $0.execute(sql: "UPDATE containers_versions SET memory_limit = 1 WHERE name = 'db' AND valid_from = 1") }
        try db.store.prune(try RetentionPolicy(age: nil, count: 3), now: Self.now)
        let failure = try #require(try ChainVerifier.verify(try db.reader()).failure)
        #expect(failure.snapshotID == 6)
        #expect(failure.problems.contains { $0.hasPrefix("containers_versions: a version valid in this snapshot was changed") })
    }

    @Test("collects after a prune, and a second prune, keep the chain verifiable")
    func pruneTwice() throws {
        let db = try history()
        try db.store.prune(try RetentionPolicy(age: nil, count: 5), now: Self.now)
        try db.snapshot(["web": 2048, "db": 8])
        try db.snapshot(["web": 4096])
        try db.store.prune(try RetentionPolicy(age: nil, count: 2), now: Self.now)
        let verified = try ChainVerifier.verify(try db.reader())
        #expect(verified.failure == nil && verified.snapshotsVerified == 2 && verified.anchor?.snapshotID == 9)
        #expect(try db.rows("SELECT name, memory_limit FROM containers") == ["web|4096"])
        #expect(try db.rows("SELECT name FROM containers ORDER BY name", snapshot: 9) == ["db", "web"])
    }
}
