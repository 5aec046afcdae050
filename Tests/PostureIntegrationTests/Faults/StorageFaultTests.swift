import Foundation
import GRDB
import Testing

// Nested in the serialized "real engines" suite: it creates containers (or stops engines
// behind a proxy) that other real-engine tests must not see mid-collect.
extension RealEngineTests {
    /// Faults of the storage under the database, on the real binary and engine: the disk fills up
    /// (a small tmpfs mounted for the test), and a long reader holds the database while a collect
    /// writes (a plain read transaction or an exclusive-mode reader, which must not stop the
    /// collect, and a `BEGIN EXCLUSIVE` session, which must make it wait and then say so).
    @Suite("faults: storage", .serialized)
    struct StorageFaultTests {
        @Test("the disk is full: a clear error, nothing half written, the next collect works once there is room")
        func diskFull() throws {
            let mount = try SmallFilesystem(megabytes: 16)
            defer { mount.unmount() }
            let bench = try FaultBench(folder: mount.path + "/work")
            let before = try bench.cleanCollect()
            // A new container gives the collect something to write.
            let id = try TestEngines.dockerCLI("create", "--name", "posture-fault-full-" + UUID().uuidString.prefix(8).lowercased(),
                                               "--label", "posture.fault=1", "posture-test/busybox:1", "true")
            defer { _ = try? TestEngines.dockerCLI("rm", "-f", id) }
            let filler = try mount.fill()
            let proxy = try bench.proxy()
            let outcome = try bench.collect()
            proxy.stop()
            #expect(outcome.status == 1, "\(outcome.stdout) \(outcome.stderr)")
            #expect(outcome.stderr.contains("disk is full") || outcome.stderr.contains("No space left"), "\(outcome.stderr)")
            #expect(outcome.stderr.contains(bench.db), "\(outcome.stderr)")
            try FileManager.default.removeItem(atPath: filler)
            let after = try FaultInvariants.check(bench.db, before: before, newSnapshotsAtMost: 0)
            let next = try bench.expectRecovered(from: after)
            #expect(next.snapshotIDs.count == before.snapshotIDs.count + 1)
            #expect(try bench.rows("SELECT count(*) FROM containers WHERE container_id = '\(id)'") == ["1"])
        }

        @Test("a long read transaction does not stop a collect, and keeps seeing the snapshot it started with")
        func longReader() throws {
            let bench = try FaultBench()
            let before = try bench.cleanCollect()
            let reader = try FaultInvariants.holderQueue(bench.db)
            let snapshots = try reader.inDatabase { db -> Int in
                try db.execute(sql: "BEGIN DEFERRED")
                return try Int.fetchOne(db, sql: "SELECT count(*) FROM snapshots")!
            }
            // Also a long `posture query` running at the same time.
            let query = try PostureCLI.start([
                "query", "--db", bench.db, "--timeout", "4",
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n",
            ])
            let proxy = try bench.proxy()
            let outcome = try bench.collect()
            proxy.stop()
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(try reader.inDatabase { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM snapshots") } == snapshots)
            try reader.inDatabase { db in try db.execute(sql: "COMMIT") }
            #expect(try reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM snapshots") } == snapshots + 1)
            let stopped = query.wait()
            #expect(stopped.status == 1)
            #expect(stopped.stderr.contains("query stopped after 4"), "\(stopped.stderr)")
            try bench.expectRecovered(from: before, newSnapshotsAtMost: 1)
        }

        @Test("a reader in exclusive locking mode does not stop the collect either (WAL); a BEGIN EXCLUSIVE one makes it wait and say so")
        func exclusiveReader() throws {
            let bench = try FaultBench()
            let before = try bench.cleanCollect()
            let reader = try FaultInvariants.holderQueue(bench.db)
            try reader.inDatabase { db in
                try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE")
                try db.execute(sql: "BEGIN")
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM containers_versions")
            }
            let proxy = try bench.proxy()
            let outcome = try bench.collect(["--lock-timeout", "2"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            try reader.inDatabase { db in try db.execute(sql: "COMMIT") }
            try reader.close()

            // `BEGIN EXCLUSIVE` in WAL mode holds the write lock while it reads.
            let middle = try DatabaseState.capture(bench.db)
            let session = try FaultInvariants.holderQueue(bench.db)
            try session.inDatabase { db in
                try db.execute(sql: "BEGIN EXCLUSIVE")
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM containers_versions")
            }
            let refused = try bench.collect(["--lock-timeout", "2"])
            proxy.stop()
            #expect(refused.status == 1, "\(refused.stderr)")
            #expect(refused.stderr.contains("is locked") && refused.stderr.contains("nothing was written"), "\(refused.stderr)")
            #expect(refused.seconds >= 2)
            try session.inDatabase { db in try db.execute(sql: "COMMIT") }
            try session.close()
            #expect(middle.snapshotIDs.count == before.snapshotIDs.count + 1)
            try bench.expectRecovered(from: middle, newSnapshotsAtMost: 0)
        }

        @Test("a database that can not be opened stops the collect with its own error at once, even while the engine hangs")
        func unopenableDatabase() throws {
            let bench = try FaultBench()
            // The store opens while the engine is asked its first questions (its key exists):
            // the store's failure must not wait for the engine's answers.
            let garbage = Data(repeating: UInt8(ascii: "x"), count: 8192)
            #expect(FileManager.default.createFile(atPath: bench.db, contents: garbage, attributes: [.posixPermissions: 0o600]))
            let key = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
            #expect(FileManager.default.createFile(atPath: bench.db + ".key", contents: key, attributes: [.posixPermissions: 0o600]))
            let proxy = try bench.proxy { _ in .run { Thread.sleep(forTimeInterval: 8) } }
            defer { proxy.stop() }
            let outcome = try PostureCLI.collect(db: bench.db, engine: bench.engineURL, ["--timeout", "30"])
            #expect(outcome.status == 1, "\(outcome.stdout) \(outcome.stderr)")
            #expect(outcome.stderr.contains(bench.db) && outcome.stderr.contains("not a database"), "\(outcome.stderr)")
            #expect(outcome.seconds < 6, "the error waited for the hung engine: \(outcome.seconds) s")
            #expect(FileManager.default.contents(atPath: bench.db) == garbage, "the file was changed")
        }

        @Test("a new database whose folder can not be made: the store's error, before any engine is asked")
        func uncreatableDatabase() throws {
            let bench = try FaultBench()
            let blocker = bench.folder + "/a-file"
            #expect(FileManager.default.createFile(atPath: blocker, contents: Data("not a folder".utf8)))
            let db = blocker + "/posture.db"
            let proxy = try bench.proxy()
            defer { proxy.stop() }
            let outcome = try PostureCLI.collect(db: db, engine: bench.engineURL)
            #expect(outcome.status == 1, "\(outcome.stdout) \(outcome.stderr)")
            #expect(outcome.stderr.contains(db), "\(outcome.stderr)")
            #expect(!outcome.stderr.contains("secret-hash key"), "the key's error hid the store's: \(outcome.stderr)")
            #expect(proxy.requests.isEmpty, "a new database is opened before any engine is asked")
        }
    }
}

/// A tmpfs of a few megabytes mounted on a fresh folder for one test, filled on demand.
/// Needs root (the tests run as root under scripts/test).
struct SmallFilesystem {
    let path: String

    init(megabytes: Int) throws {
        path = "/tmp/pfs-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try TestEngines.run("/usr/bin/env", ["mount", "-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0700", "tmpfs", path])
    }

    /// Writes zeros to a file until the filesystem has no room left; returns the file's path.
    func fill() throws -> String {
        let file = path + "/filler"
        // O_CLOEXEC: a process another test starts meanwhile must not inherit the file and keep
        // its space allocated after it is removed.
        let fd = open(file, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw TestFailure("cannot create \(file)") }
        defer { close(fd) }
        let block = [UInt8](repeating: 0, count: 4096)
        while block.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
        var byte: UInt8 = 0
        while write(fd, &byte, 1) > 0 {}
        guard errno == ENOSPC else { throw TestFailure("filling \(path) stopped with \(String(cString: strerror(errno)))") }
        return file
    }

    func unmount() {
        _ = try? TestEngines.run("/usr/bin/env", ["umount", "-l", path])
        try? FileManager.default.removeItem(atPath: path)
    }
}
