import Foundation
import Testing
@testable import PostureStore

@Suite("read-only queries")
struct ReadOnlyTests {
    static let refused = [
        "DELETE FROM snapshots", "UPDATE snapshots SET host = 'x'", "INSERT INTO snapshots DEFAULT VALUES",
        "DROP VIEW containers", "CREATE TABLE t (x)", "CREATE TEMP TABLE t (x)", "ALTER TABLE snapshots ADD c",
        "ATTACH DATABASE '/tmp/posture-attack.db' AS x", "VACUUM", "VACUUM INTO '/tmp/posture-attack.db'",
        "PRAGMA journal_mode = DELETE", "PRAGMA user_version = 5", "SELECT load_extension('/tmp/x')",
        "REINDEX", "ANALYZE", "BEGIN IMMEDIATE", "CREATE TEMP VIEW v AS SELECT 1",
        "WITH x AS (SELECT 1) DELETE FROM snapshots",
        // Hostile input (issue #8): files, checkpoints, schema tricks, transactions.
        "SELECT writefile('/tmp/posture-attack.db', 'x')", "SELECT readfile('/etc/passwd')",
        "PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA query_only = 0", "PRAGMA writable_schema = 1",
        "SAVEPOINT s", "DETACH DATABASE temp", "CREATE TEMP TRIGGER t AFTER INSERT ON snapshots BEGIN SELECT 1; END",
        "SELECT * FROM snapshots WHERE load_extension('/tmp/x') IS NULL",
        "CREATE VIRTUAL TABLE temp.t USING fts5(x)",
    ]

    @Test("writes, ATTACH, VACUUM, pragma changes and extensions are refused and nothing changes", arguments: refused)
    func refuses(sql: String) throws {
        let db = try TestDatabase()
        try db.snapshot(["web": 512])
        let before = try Data(contentsOf: URL(fileURLWithPath: db.path))
        let filesBefore = try FileManager.default.contentsOfDirectory(atPath: db.folder).sorted()
        let reader = try db.reader()
        #expect(throws: StoreError.self) { try reader.query(sql) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db.path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: db.folder).sorted() == filesBefore)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/posture-attack.db"))
        #expect(try db.count("snapshots") == 1)
    }

    @Test("reading pragmas and plain selects work")
    func readsWork() throws {
        let db = try TestDatabase()
        try db.snapshot(["web": 512])
        #expect(try db.rows("SELECT name FROM containers") == ["web"])
        #expect(try db.reader().query("PRAGMA table_info(snapshots)").rows.count >= 6)
        #expect(try db.reader().query("SELECT * FROM pragma_table_info('containers_versions')").rows.count > 10)
    }

    @Test("a missing database is an error that says how to create it, and is not created")
    func missingFile() {
        let path = NSTemporaryDirectory() + "posture-missing-\(UUID().uuidString).db"
        #expect(throws: StoreError.noDatabase(path: path)) { try ReadOnlyDatabase(path: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("more than one statement is refused")
    func oneStatement() throws {
        let db = try TestDatabase()
        #expect(throws: StoreError.self) { try db.reader().query("SELECT 1; DELETE FROM snapshots") }
        #expect(try db.reader().query("SELECT 1; -- trailing comment\n").rows.count == 1)
    }

    @Test("a runaway query stops at the time limit with a clear error")
    func timeout() throws {
        let db = try TestDatabase()
        let endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
        #expect(throws: StoreError.timeout(seconds: 0.3)) { try db.reader().query(endless, timeout: 0.3) }
    }

    @Test("the row cap truncates and says so")
    func rowCap() throws {
        let db = try TestDatabase()
        let result = try db.reader().query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) SELECT i FROM n", rowLimit: 10)
        #expect(result.rows.count == 10)
        #expect(result.truncated)
    }

    @Test("the database, its WAL and shared-memory files are readable by the owner only")
    func ownerOnly() throws {
        let db = try TestDatabase()
        try db.snapshot(["web": 512])
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: db.path + suffix) {
            let attributes = try FileManager.default.attributesOfItem(atPath: db.path + suffix)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(suffix)")
        }
    }

    @Test("snapshot selectors: id, latest, date and age")
    func selectors() throws {
        let db = try TestDatabase()
        try db.snapshot(["web": 512])
        try db.snapshot(["web": 256])
        let reader = try db.reader()
        #expect(try SnapshotSelector.resolve("1", in: reader) == 1)
        #expect(try SnapshotSelector.resolve("latest", in: reader) == 2)
        #expect(try SnapshotSelector.resolve("2026-11-30", in: reader) == 2)
        #expect(throws: StoreError.self) { try SnapshotSelector.resolve("2026-11-01", in: reader) }
        #expect(throws: StoreError.self) { try SnapshotSelector.resolve("7", in: reader) }
        #expect(throws: StoreError.self) { try SnapshotSelector.resolve("soon", in: reader) }
        let later = ISO8601DateFormatter().date(from: "2026-12-10T00:00:00Z")!
        #expect(try SnapshotSelector.resolve("-7d", in: reader, now: later) == 2)
    }
}
