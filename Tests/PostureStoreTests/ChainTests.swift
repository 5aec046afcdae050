import Foundation
import GRDB
import PostureFacts
import Testing
@testable import PostureStore

/// The tamper-evident chain: recorded with every snapshot, recomputed by `verify` from the rows,
/// and edits made by hand (as in the sqlite3 shell, through a separate connection) detected and
/// named.
@Suite("tamper-evident chain")
struct ChainTests {
    /// Five snapshots with additions, changes and removals; returns the database.
    func history() throws -> TestDatabase {
        let db = try TestDatabase()
        try db.snapshot(["web": 512, "db": nil, "cache": 64])  // 1
        try db.snapshot(["web": 512, "db": nil, "cache": 64])  // 2: no change
        try db.snapshot(["web": 1024, "db": nil])  // 3: web changed, cache removed
        try db.snapshot(["web": 1024, "db": nil, "queue": 32])  // 4: queue added
        try db.snapshot(["web": 2048, "db": 8])  // 5
        return db
    }

    /// Runs SQL on the file through its own connection, as someone in the sqlite3 shell would.
    func tamper(_ db: TestDatabase, _ sql: String) throws {
        let queue = try DatabaseQueue(path: db.path)
        try queue.writeWithoutTransaction { try $0.execute(sql: sql) }
    }

    func verify(_ db: TestDatabase) throws -> ChainVerification {
        try ChainVerifier.verify(try db.reader())
    }

    @Test("a digest is a sum: order does not matter, subtracting undoes adding, and it wraps at 2^256")
    func digestArithmetic() {
        let a = MultisetDigest(bytes: [UInt8](repeating: 0xFF, count: 32))
        let b = MultisetDigest(bytes: [UInt8](repeating: 0, count: 31) + [2])
        var ab = a
        ab.add(b)
        var ba = b
        ba.add(a)
        #expect(ab == ba)
        #expect(ab == MultisetDigest(bytes: [UInt8](repeating: 0, count: 31) + [1]))  // (2^256 - 1) + 2 wraps to 1
        ab.subtract(a)
        #expect(ab == b)
        ab.subtract(b)
        #expect(ab.isZero)
        #expect(MultisetDigest(bytes: ab.data) == ab && b.data.count == 32)
        let bytes = (0..<32).map { UInt8($0 * 7 + 1) }
        #expect(MultisetDigest(sha256: Data(bytes)) == MultisetDigest(bytes: bytes))
        #expect(MultisetDigest(sha256: Data(bytes)).data == Data(bytes))
    }

    @Test("every snapshot is recorded; verify recomputes the chain and passes")
    func verifiesUntouched() throws {
        let db = try history()
        let result = try verify(db)
        #expect(result.failure == nil)
        #expect(result.snapshotsVerified == 5)
        #expect(result.anchor?.snapshotID == 1 && result.anchor?.reason == "first snapshot")
        #expect(result.head?.count == 64)
        // The unchanged snapshot 2 records no per-table rows; snapshot 3 records containers.
        #expect(try db.rows("SELECT count(*) FROM snapshot_chain_tables WHERE snapshot_id = 2") == ["0"])
        #expect(try db.rows("SELECT opened, closed FROM snapshot_chain_tables WHERE snapshot_id = 3 AND table_name = 'containers_versions'") == ["1|2"])
        // The recorded digest of snapshot 5 equals the digest recomputed from scratch.
        #expect(try db.rows("SELECT count(*) FROM snapshot_chain") == ["5"])
    }

    @Test("the hook and the chain are told exactly the tables a snapshot changed, findings included, and the chain verifies")
    func changedTablesReported() throws {
        let db = try TestDatabase()
        try db.snapshot(["web": 512, "db": nil])
        var seen: [Set<String>] = []
        func write(_ containers: [String: Int64?], finding: String?) throws {
            var set = FactSet(
                table: "containers", columns: ["engine_id", "container_id", "name", "running", "privileged",
                    "readonly_rootfs", "no_new_privileges", "proc_unmasked", "memory_limit"],
                keyColumns: ["container_id"], scope: ["engine_id": "e1"])
            for (name, memory) in containers.sorted(by: { $0.key < $1.key }) {
                set.append([
                    "engine_id": "e1", "container_id": .text("id-" + name), "name": .text(name), "running": 1,
                    "privileged": 0, "readonly_rootfs": 0, "no_new_privileges": 0, "proc_unmasked": 0,
                    "memory_limit": .optional(memory),
                ])
            }
            try db.store.writeSnapshot(
                SnapshotInput(
                    takenAt: "2026-11-29T00:00:00Z", host: "test", toolVersion: "test",
                    results: [CollectorResult(collector: "containers", engineID: "e1", facts: [set])]),
                afterFacts: { _, snapshot, write in
                    seen.append(snapshot.changedVersionTables)
                    var findings = FactSet(
                        table: "findings",
                        columns: ["check_id", "title", "severity", "section", "resource", "status", "reason", "sql_hash"],
                        keyColumns: ["check_id", "resource"], scope: ["check_id": "t-check"])
                    if let finding {
                        findings.append([
                            "check_id": "t-check", "title": "test", "severity": "low", "section": "container",
                            "resource": .text(finding), "status": "alarm", "reason": "test", "sql_hash": "sha256:00",
                        ])
                    }
                    try write(findings)
                })
        }
        try write(["web": 512, "db": nil], finding: nil)  // 2: nothing changed
        try write(["web": 1024, "db": nil], finding: "web")  // 3: a container and a finding
        try write(["web": 1024, "db": nil], finding: "web")  // 4: nothing
        try write(["web": 1024], finding: nil)  // 5: a removal, the finding resolved
        #expect(seen == [[], ["containers_versions"], [], ["containers_versions"]])
        #expect(try db.rows("SELECT snapshot_id, table_name, opened, closed FROM snapshot_chain_tables ORDER BY 1, 2") == [
            "1|containers_versions|2|0", "3|containers_versions|1|1", "3|findings_versions|1|0",
            "5|containers_versions|0|1", "5|findings_versions|0|1",
        ])
        let verification = try verify(db)
        #expect(verification.failure == nil, "\(verification.failure?.problems ?? [])")
        #expect(verification.snapshotsVerified == 5)
    }

    @Test("a fact value changed by hand is detected and the first snapshot it was valid in is named")
    func changedRow() throws {
        let db = try history()
        try tamper(db, "UPDATE containers_versions SET memory_limit = 4096 WHERE name = 'web' AND valid_from = 3")
        let result = try verify(db)
        let failure = try #require(result.failure)
        #expect(failure.snapshotID == 3)
        #expect(result.snapshotsVerified == 2)
        #expect(failure.problems.contains { $0.hasPrefix("containers_versions: a version valid in this snapshot was changed") })
    }

    @Test("an inserted fact row is detected at the snapshot it claims to start in")
    func insertedRow() throws {
        let db = try history()
        try tamper(
            db,
            """
            INSERT INTO containers_versions (engine_id, container_id, name, running, privileged, readonly_rootfs,
              no_new_privileges, proc_unmasked, row_hash, valid_from, valid_to)
            VALUES ('e1', 'id-ghost', 'ghost', 1, 0, 0, 0, 0, x'00', 4, NULL)
            """)
        let failure = try #require(try verify(db).failure)
        #expect(failure.snapshotID == 4)
        #expect(failure.problems.contains { $0.contains("containers_versions: versions were inserted or deleted") && $0.contains("recorded 1/0, found 2/0") })
    }

    @Test("a deleted fact row is detected at the snapshot it started in")
    func deletedRow() throws {
        let db = try history()
        try tamper(db, "DELETE FROM containers_versions WHERE name = 'queue'")
        let failure = try #require(try verify(db).failure)
        #expect(failure.snapshotID == 4)
        #expect(failure.problems.contains { $0.contains("containers_versions: versions were inserted or deleted") })
    }

    @Test("a version re-opened by clearing valid_to is detected where it had closed")
    func reopenedRow() throws {
        let db = try history()
        try tamper(db, "UPDATE containers_versions SET valid_to = NULL WHERE name = 'cache'")
        #expect(try verify(db).failure?.snapshotID == 3)
    }

    @Test("a changed collector row, a removed snapshot and an edited chain hash are each named")
    func snapshotRecords() throws {
        let db = try history()
        try tamper(db, "UPDATE snapshot_collectors SET item_count = 99 WHERE snapshot_id = 2")
        let collectors = try #require(try verify(db).failure)
        #expect(collectors.snapshotID == 2 && collectors.problems.contains { $0.contains("its own rows") })

        let removed = try history()
        try tamper(removed, "DELETE FROM snapshot_collectors WHERE snapshot_id = 2; DELETE FROM snapshots WHERE id = 2")
        let gap = try #require(try verify(removed).failure)
        #expect(gap.snapshotID == 2 && gap.problems.contains { $0.contains("snapshot 2 was deleted") })

        let edited = try history()
        try tamper(edited, "UPDATE snapshot_chain SET chain_hash = zeroblob(32) WHERE snapshot_id = 4")
        #expect(try verify(edited).failure?.snapshotID == 4)
    }

    @Test("a database written before the chain existed gets it computed at the next write, with an anchor saying so")
    func existingDatabase() throws {
        let db = try history()
        // Make the file what posture wrote before migration 0006: no chain tables, no record of the migration.
        try tamper(
            db,
            """
            DROP TABLE snapshot_chain; DROP TABLE snapshot_chain_tables; DROP TABLE chain_anchors;
            DELETE FROM grdb_migrations WHERE identifier = '0006_chain'
            """)
        let reopened = try PostureDatabase(path: db.path)  // applies 0006 again: empty chain tables
        let unverified = try #require(try verify(db).failure)
        #expect(unverified.problems.first?.contains("no chain is recorded") == true)
        try reopened.writeSnapshot(
            SnapshotInput(takenAt: "2026-11-29T02:00:00Z", host: "test", toolVersion: "test", results: []))
        let result = try verify(db)
        #expect(result.failure == nil)
        #expect(result.snapshotsVerified == 6)
        #expect(result.anchor?.reason.contains("5 snapshot(s) 1-5 written before posture recorded a chain") == true)
        // And the backfilled history is as tamper-evident as the rest.
        try tamper(db, "UPDATE containers_versions SET name = 'renamed' WHERE name = 'db'")
        #expect(try verify(db).failure?.snapshotID == 1)
    }
}
