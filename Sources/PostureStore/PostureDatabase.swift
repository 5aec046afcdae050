import Foundation
import GRDB
import PostureFacts

/// The posture SQLite file opened for writing: creates it owner-only (0600), applies the
/// migrations embedded from `schema/`, and writes snapshots.
///
/// Reads and writes every table in `schema/`. Read-only access for `query` and `report` goes
/// through ``ReadOnlyDatabase`` instead, which can not change the file.
public final class PostureDatabase: Sendable {
    public let path: String
    let queue: DatabaseQueue

    /// Opens (creating if needed) the database at `path` and migrates it to the latest schema.
    public init(path: String, busyTimeout: TimeInterval = 30) throws {
        self.path = path
        try Self.createOwnerOnly(path: path)
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
        try Migrations.migrate(queue, path: path)
    }

    /// Creates the file (and its folder) readable by its owner only, before SQLite opens it,
    /// so the database, its WAL and its shared-memory file are never world-readable.
    static func createOwnerOnly(path: String) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: path) { return }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty && !fm.fileExists(atPath: folder) {
            do {
                try fm.createDirectory(
                    atPath: folder, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError.cannotCreate(path: path, reason: error.localizedDescription)
            }
        }
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        if fd < 0 {
            if errno == EEXIST { return }
            throw StoreError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        fchmod(fd, 0o600)  // the umask may have removed bits, never added: make it exact
        close(fd)
    }

    /// Runs `body` in one write transaction.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.write(body)
    }

    /// Runs `body` with read access.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.read(body)
    }
}
