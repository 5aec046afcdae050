import Foundation
import PostureFacts
import Testing
@testable import PostureStore

/// Writers meeting each other on one file: several opening (and migrating) a new database at
/// the same moment, and a write that finds the lock held longer than its busy timeout.
@Suite("locking")
struct LockingTests {
    @Test("eight connections opening a new database at once all migrate it and can write")
    func concurrentOpenOfNewDatabase() throws {
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
        #expect(errors.all.isEmpty, "\(errors.all)")
        let reader = try ReadOnlyDatabase(path: path)
        #expect(try reader.query("SELECT count(*) FROM snapshots").rows.first?.first == .int(8))
        #expect(try reader.query("SELECT count(*) FROM grdb_migrations").rows.first?.first == .int(Int64(Migrations.latestVersion)))
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
