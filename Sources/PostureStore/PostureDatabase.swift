import Foundation
import GRDB
import PostureFacts

/// The posture SQLite file opened for writing: creates it owner-only (0600), applies the
/// migrations embedded from `schema/`, and writes snapshots.
///
/// Reads and writes every table in `schema/`. Read-only access for `query` and `report` goes
/// through ``ReadOnlyDatabase`` instead, which can not change the file.
///
/// The write connection records what its statements read with ``TableReads`` instead of GRDB's
/// statement authorizer (why, and what GRDB no longer learns there: see ``TableReads``).
///
/// Locking: one writer at a time (SQLite's WAL mode; readers never block it). A writer that
/// finds the database locked by another one waits up to `busyTimeout` seconds, then fails
/// with ``StoreError/locked(path:seconds:)``; a full disk is ``StoreError/diskFull(path:)``.
/// Either way the transaction is rolled back and nothing is written.
public final class PostureDatabase: Sendable {
    public let path: String
    /// Seconds a write waits for another writer's lock before giving up.
    public let busyTimeout: TimeInterval
    let queue: DatabaseQueue
    /// The write connection's authorizer: what each statement prepared there reads.
    let tableReads = TableReads()

    /// How long a writer waits for the lock unless told otherwise (a collect holds it for well
    /// under a second; a cron job should rather wait than fail).
    public static let defaultBusyTimeout: TimeInterval = 30

    /// Opens (creating if needed) the database at `path` and migrates it to the latest schema.
    public init(path: String, busyTimeout: TimeInterval = PostureDatabase.defaultBusyTimeout) throws {
        self.path = path
        self.busyTimeout = busyTimeout
        try Self.createOwnerOnly(path: path)
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            try Self.enableWAL(db, timeout: busyTimeout)
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A collect compares every open version of the large tables (containers' children,
            // findings) with what it just read: with SQLite's default 2 MiB page cache those
            // lookups went to disk reads at a few thousand containers. 32 MiB at most, used only
            // as far as the database is large.
            try db.execute(sql: "PRAGMA cache_size = -32768")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch let error as DatabaseError where WriteFailure.isLockOrSpace(error) {
            throw WriteFailure.storeError(error, path: path, busyTimeout: busyTimeout)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
        try WriteFailure.mapping(path: path, busyTimeout: busyTimeout) {
            try Migrations.migrate(queue, path: path)
        }
        // After the migrations, which are GRDB's and may want its authorizer.
        queue.writeWithoutTransaction { db in tableReads.install(on: db) }
    }

    /// Switches the file to WAL (a no-op once it is). On a new file SQLite answers
    /// `PRAGMA journal_mode = WAL` with SQLITE_BUSY at once, without waiting, while another
    /// connection opening the same file holds a lock: several collects starting together on a
    /// fresh host did fail with "locked". So this waits and tries again, up to `timeout`.
    static func enableWAL(_ db: Database, timeout: TimeInterval) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            do {
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                return
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                usleep(5_000)
            }
        }
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

    /// Runs `body` in one write transaction, taken at once (`BEGIN IMMEDIATE`) so a concurrent
    /// writer waits for the lock up front instead of failing half-way; SQLite errors come back
    /// as ``StoreError``s (locked, disk full, …). Nothing is written if `body` throws.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try WriteFailure.mapping(path: path, busyTimeout: busyTimeout) {
            try queue.writeWithoutTransaction { db in try Self.transaction(.immediate, on: db, body) }
        }
    }

    /// Runs `body` on the write connection outside any transaction, for connection state that
    /// a later ``write(_:)`` uses (TEMP tables, prepared statements); SQLite errors come back as
    /// ``StoreError``s.
    public func onWriteConnection<T>(_ body: (Database) throws -> T) throws -> T {
        try WriteFailure.mapping(path: path, busyTimeout: busyTimeout) {
            try queue.writeWithoutTransaction(body)
        }
    }

    /// Runs `body` in one read transaction, for this package's own reads (user SQL goes
    /// through ``ReadOnlyDatabase``). Not GRDB's `read`: its `PRAGMA query_only` switches
    /// expire every prepared statement of the connection, and `collect` reads here (image
    /// contents) after preparing its checks (``onWriteConnection(_:)``).
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.unsafeRead { db in try Self.transaction(.deferred, on: db, body) }
    }

    /// `body`'s result, run in one transaction of `kind` on `db`, committed unless it throws.
    private static func transaction<T>(
        _ kind: Database.TransactionKind, on db: Database, _ body: (Database) throws -> T
    ) throws -> T {
        var result: T?
        try db.inTransaction(kind) {
            result = try body(db)
            return .commit
        }
        return result!
    }
}
