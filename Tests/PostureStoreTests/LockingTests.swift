import Foundation
import GRDB
import PostureFacts
import Testing
@testable import PostureStore

/// Writers meeting each other on one file: several opening (and migrating) a new database at
/// the same moment, and a write that finds the lock held longer than its busy timeout.
@Suite("locking")
struct LockingTests {
    @Test("eight connections opening a new database at once all migrate it and can write (ten rounds)")
    func concurrentOpenOfNewDatabase() throws {
        // The race is between processes reading what is applied and applying it; one round
        // rarely loses it, ten fresh files give it ten chances.
        for round in 0..<10 {
            let folder = NSTemporaryDirectory() + "posture-lock-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/posture.db"
            let errors = Errors()
            DispatchQueue.concurrentPerform(iterations: 8) { i in
                do {
                    let store = try PostureDatabase(path: path)
                    try store.writeSnapshot(SnapshotInput(takenAt: "2026-11-29T00:00:0\(i)Z", host: "h\(i)", toolVersion: "t", results: []))
                } catch {
                    errors.append("\(error)")
                }
            }
            #expect(errors.all.isEmpty, "round \(round): \(errors.all)")
            let reader = try ReadOnlyDatabase(path: path)
            #expect(try reader.query("SELECT count(*) FROM snapshots").rows.first?.first == .int(8))
            #expect(try reader.query("SELECT count(*) FROM grdb_migrations").rows.first?.first == .int(Int64(Migrations.latestVersion)))
        }
    }

    @Test("a database from an older posture, opened by eight at once, gets each missing migration exactly once")
    func concurrentUpgrade() throws {
        let db = try TestDatabase()
        try db.snapshot(["web": 512])
        // What a build that did not know the last file wrote: without the tables and indexes it
        // creates, and the columns it adds.
        let last = try #require(EmbeddedSchema.files.last)
        let lines = last.sql.split(separator: "\n")
        let created = lines.compactMap { line -> (kind: String, name: String)? in
            for kind in ["TABLE", "INDEX"] where line.hasPrefix("CREATE \(kind) ") {
                return line.dropFirst("CREATE \(kind) ".count).split(separator: " ").first.map { (kind, String($0)) }
            }
            return nil
        }
        let added = lines.compactMap { line -> (table: String, column: String)? in
            let words = line.split(separator: " ")
            guard words.count > 5, words[0] == "ALTER", words[3] == "ADD", words[4] == "COLUMN" else { return nil }
            return (String(words[2]), String(words[5]))
        }
        #expect(!created.isEmpty || !added.isEmpty)
        let raw = try DatabaseQueue(path: db.path)
        try raw.write { db in
            for object in created.reversed() { try db.execute(sql: "DROP \(object.kind) \(object.name)") }
            for column in added.reversed() { try db.execute(sql: "ALTER TABLE \(column.table) DROP COLUMN \(column.column)") }
            try db.execute(
                sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [Migrations.name(of: last.path)])
        }
        try raw.close()
        let errors = Errors(), path = db.path
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            do { _ = try PostureDatabase(path: path) } catch { errors.append("\(error)") }
        }
        #expect(errors.all.isEmpty, "\(errors.all)")
        #expect(try db.count("snapshots") == 1)
        let reader = try ReadOnlyDatabase(path: db.path)
        #expect(try reader.query("SELECT count(*) FROM grdb_migrations").rows.first?.first == .int(Int64(Migrations.latestVersion)))
        let names = created.map { "'\($0.name)'" }.joined(separator: ",")
        #expect(
            try reader.query("SELECT count(*) FROM sqlite_schema WHERE name IN (\(names))").rows.first?.first
                == .int(Int64(created.count)))
        for column in added {
            #expect(
                try reader.query("SELECT count(*) FROM pragma_table_info('\(column.table)') WHERE name = '\(column.column)'")
                    .rows.first?.first == .int(1), "\(column)")
        }
    }

    @Test("a database from a newer posture is refused with the versions, and is not changed")
    func newerSchema() throws {
        let db = try TestDatabase()
        let raw = try DatabaseQueue(path: db.path)
        try raw.write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('9999_future')") }
        try raw.close()
        let known = Migrations.latestVersion
        #expect(throws: StoreError.newerSchema(path: db.path, found: known + 1, known: known)) {
            _ = try PostureDatabase(path: db.path)
        }
        let message = StoreError.newerSchema(path: db.path, found: known + 1, known: known).errorDescription ?? ""
        #expect(message.contains(db.path) && message.contains("upgrade posture"))
    }

    @Test("a write that finds the lock held past its busy timeout says so, names the file, and writes nothing")
    func lockTimeout() throws {
        let db = try TestDatabase()
        try db.snapshot(["web": 512])
        // Another connection holds the write lock until told to let go.
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let other = try PostureDatabase(path: db.path)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            // `write` begins IMMEDIATE: the lock is taken before the body runs.
            try? other.write { _ in
                holding.signal()
                release.wait()
            }
            done.signal()
        }
        holding.wait()
        let store = try PostureDatabase(path: db.path, busyTimeout: 0.3)
        let input = SnapshotInput(takenAt: "2026-11-29T00:00:00Z", host: "h", toolVersion: "t", results: [])
        #expect(throws: StoreError.locked(path: db.path, seconds: 0.3)) { try store.writeSnapshot(input) }
        let message = StoreError.locked(path: db.path, seconds: 0.3).errorDescription ?? ""
        #expect(message.contains(db.path) && message.contains("--lock-timeout") && message.contains("nothing was written"))
        release.signal()
        done.wait()
        #expect(try db.count("snapshots") == 1)
        try store.writeSnapshot(input)
        #expect(try db.count("snapshots") == 2)
    }
}

/// Error texts collected from concurrent work.
private final class Errors: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ text: String) { lock.withLock { items.append(text) } }
    var all: [String] { lock.withLock { items } }
}
