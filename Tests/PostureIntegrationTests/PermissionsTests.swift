import Foundation
import PostureFacts
import PostureStore
import Testing

/// File modes of the database, its WAL files and the key; reading as a user who may only read
/// the file; collecting as a user who is not root. Runs the built `posture` binary, switching
/// users with `setpriv` (needs root, as `scripts/test` runs).
@Suite("permissions", .enabled(if: Permissions.available), .serialized)
struct PermissionsTests {
    /// A folder under /tmp that `nobody` may enter and read but not write.
    final class Folder {
        let path: String
        init() throws {
            path = "/tmp/posture-permissions-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            chmod(path, 0o755)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var db: String { path + "/posture.db" }
    }

    func posture(_ arguments: [String], asNobody: Bool = false, groups: [gid_t] = [], umask: String? = nil) throws -> PostureProcess.Run {
        try PostureProcess.run(arguments, asNobody: asNobody, groups: groups, umask: umask)
    }

    func mode(_ path: String) -> Int? {
        var s = stat()
        guard stat(path, &s) == 0 else { return nil }
        return Int(s.st_mode & 0o7777)
    }

    /// The engine to collect: the private test engine when there is one, else a socket that
    /// does not exist (the snapshot is then written as failed, which is enough for file modes).
    var engine: String { TestEngines.docker ?? "unix:///nonexistent/posture-test.sock" }

    func collect(_ folder: Folder, asNobody: Bool = false, groups: [gid_t] = [], umask: String? = nil) throws -> PostureProcess.Run {
        let run = try posture(["collect", "--db", folder.db, "--engine", engine, "--quiet"], asNobody: asNobody, groups: groups, umask: umask)
        #expect(run.status == 0 || run.status == 2, "collect failed: \(run.stderr)")
        return run
    }

    @Test("the database, its -wal and -shm and the key are 0600, even under umask 000 and for files SQLite creates later")
    func ownerOnly() throws {
        let folder = try Folder()
        _ = try collect(folder, umask: "000")
        #expect(mode(folder.db) == 0o600)
        #expect(mode(folder.db + ".key") == 0o600)
        // A later writer (the next collect) makes SQLite create the WAL files again: they
        // take the database's mode. Hold one open so they exist while we look.
        let store = try PostureDatabase(path: folder.db)
        try store.writeSnapshot(SnapshotInput(takenAt: "2026-11-29T00:00:00Z", host: "t", toolVersion: "t", results: []))
        #expect(mode(folder.db + "-wal") == 0o600)
        #expect(mode(folder.db + "-shm") == 0o600)
        withExtendedLifetime(store) {}

        // A key file someone widened is made owner-only again by the next collect.
        chmod(folder.db + ".key", 0o644)
        _ = try collect(folder)
        #expect(mode(folder.db + ".key") == 0o600)
        #expect(mode(folder.db) == 0o600)
    }

    @Test("query, report, snapshots and verify work for a user who can only read the file")
    func readOnlyUser() throws {
        let folder = try Folder()
        _ = try collect(folder)
        chmod(folder.db, 0o644)
        #expect(!FileManager.default.fileExists(atPath: folder.db + "-shm"))  // the writer closed: no -shm to share

        let query = try posture(["query", "--db", folder.db, "--format", "csv", "select count(*) as n from snapshots"], asNobody: true)
        #expect(query.status == 0, "\(query.stderr)")
        #expect(query.stdout == "n\n1\n")
        let report = try posture(["report", "--db", folder.db, "--format", "json"], asNobody: true)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.hasPrefix("{"))
        let snapshots = try posture(["snapshots", "--db", folder.db, "--format", "csv"], asNobody: true)
        #expect(snapshots.status == 0 && snapshots.stdout.contains("\n1,"), "\(snapshots.stderr)")
        let verify = try posture(["verify", "--db", folder.db], asNobody: true)
        #expect(verify.status == 0 && verify.stdout.hasPrefix("OK: 1 snapshot(s) verified"), "\(verify.stdout)\(verify.stderr)")
        // The reader wrote nothing: no -wal/-shm left behind, and it can not collect.
        #expect(!FileManager.default.fileExists(atPath: folder.db + "-shm"))
        let denied = try posture(["collect", "--db", folder.db, "--engine", engine], asNobody: true)
        #expect(denied.status == 1 && denied.stderr.contains(folder.db))
    }

    @Test("a reader sees what a writer that holds the file open committed; an unreadable -wal is an error, not a stale answer")
    func readerWithWriterOpen() throws {
        let folder = try Folder()
        _ = try collect(folder)
        chmod(folder.db, 0o644)
        do {
            // The -wal and -shm this writer creates take the database's mode (0644): readable.
            let store = try PostureDatabase(path: folder.db)
            try store.writeSnapshot(SnapshotInput(takenAt: "2026-11-29T00:00:00Z", host: "t", toolVersion: "t", results: []))
            #expect(mode(folder.db + "-wal") == 0o644)
            let run = try posture(["query", "--db", folder.db, "--format", "csv", "select count(*) as n from snapshots"], asNobody: true)
            #expect(run.status == 0 && run.stdout == "n\n2\n", "\(run.stderr)")
            withExtendedLifetime(store) {}
        }
        chmod(folder.db, 0o600)
        do {
            // Now the writer's -wal is 0600 and the database is widened afterwards: the third
            // snapshot is only in the -wal, which the reader can not read.
            let store = try PostureDatabase(path: folder.db)
            try store.writeSnapshot(SnapshotInput(takenAt: "2026-11-29T01:00:00Z", host: "t", toolVersion: "t", results: []))
            chmod(folder.db, 0o644)
            #expect(mode(folder.db + "-wal") == 0o600)
            let run = try posture(["query", "--db", folder.db, "select count(*) from snapshots"], asNobody: true)
            #expect(run.status == 1)
            #expect(run.stderr.contains("-wal holds changes this user can not read"), "\(run.stderr)")
            withExtendedLifetime(store) {}
        }
        // Once the writer has closed, its changes are in the file and the reader sees them.
        let after = try posture(["query", "--db", folder.db, "--format", "csv", "select count(*) as n from snapshots"], asNobody: true)
        #expect(after.status == 0 && after.stdout == "n\n3\n", "\(after.stderr)")
    }

    @Test(
        "a collect by a user who is not root, in the socket's group, records what it could not read and guesses nothing",
        .enabled(if: TestEngines.enabled))
    func nonRootCollect() throws {
        let docker = try TestEngines.dockerEndpoint().id
        let groupName = TestEngines.environment["POSTURE_TEST_SOCKET_GROUP"] ?? "posture-docker"
        let group = try #require(getgrnam(groupName), "no group \(groupName): start the engines with scripts/test-engines").pointee.gr_gid
        let folder = try Folder()
        chown(folder.path, 65534, 65534)
        let run = try posture(["collect", "--db", folder.db, "--engine", docker, "--quiet"], asNobody: true, groups: [group])
        #expect(run.status == 2, "\(run.stderr)")  // partial: the daemon's executable is root's to read
        #expect(run.stderr.contains("permission denied (run as root)"))

        let db = try ReadOnlyDatabase(path: folder.db)
        func rows(_ sql: String) throws -> [String] {
            try db.query(sql).rows.map { $0.map { $0.text ?? "NULL" }.joined(separator: "|") }
        }
        #expect(try rows("SELECT status FROM snapshot_collectors WHERE collector = 'engine'") == ["ok"])
        let daemon = try rows("SELECT status, error FROM snapshot_collectors WHERE collector = 'daemon'")
        #expect(daemon.count == 1 && daemon[0].hasPrefix("partial|cannot read /proc/") && daemon[0].contains("/exe: permission denied"))
        // What could be read is recorded; what could not stays NULL instead of a guess.
        #expect(try rows("SELECT pid IS NOT NULL, uid, cmdline IS NOT NULL, exe FROM daemons") == ["1|0|1|NULL"])
        #expect(try rows("SELECT count(*) > 0, count(*) = count(cap_eff) FROM container_processes") == ["1|1"])

        // The files belong to that user, owner-only, and the snapshot verifies.
        for file in [folder.db, folder.db + ".key"] {
            var info = stat()
            #expect(stat(file, &info) == 0 && info.st_uid == 65534 && info.st_mode & 0o777 == 0o600, "\(file)")
        }
        let verify = try posture(["verify", "--db", folder.db], asNobody: true)
        #expect(verify.status == 0, "\(verify.stdout)")
    }
}

enum Permissions {
    /// Root (to switch users), setpriv and the binary.
    static var available: Bool {
        geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") && PostureProcess.binary != nil
    }
}
