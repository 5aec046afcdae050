import Foundation
import GRDBSQLite

/// Opens the posture file read-only, including for a user who may only read it.
///
/// The database runs in WAL mode. A reader normally needs the `-shm` file: SQLite creates it
/// (with the database's mode) when it is missing, which a user who can not write the folder
/// can not do, and the `-wal`/`-shm` files of a 0600 database are unreadable to others. When
/// the first read fails that way and no `-wal` holds unfolded changes, the file is opened
/// `immutable` (no locks, no `-shm`: the database file alone is the whole state once the last
/// writer has closed). Such a reader can not see a collect that starts while it reads, so the
/// file's inode, size and modification time are checked after every statement and the read is
/// refused ("run again") if they moved. A `-wal` with content that the user can not read means
/// committed changes not yet folded into the file: that is an error, never a stale answer.
enum ReadOnlyOpening {
    struct FileState: Equatable {
        let inode: UInt64
        let size: Int64
        let seconds: Int
        let nanoseconds: Int

        init?(path: String) {
            var s = stat()
            guard stat(path, &s) == 0 else { return nil }
            inode = UInt64(s.st_ino)
            size = Int64(s.st_size)
            seconds = Int(s.st_mtim.tv_sec)
            nanoseconds = Int(s.st_mtim.tv_nsec)
        }
    }

    static func open(path: String, unlocked: inout FileState?) throws -> OpaquePointer {
        let code: Int32
        let message: String
        switch try openProbed(path, flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX) {
        case .success(let db): return db
        case .failure(let c, let m): (code, message) = (c, m)
        }
        guard code == SQLITE_READONLY || code == SQLITE_CANTOPEN else {
            throw StoreError.cannotOpen(path: path, reason: message)
        }
        let wal = path + "-wal"
        if let size = FileState(path: wal)?.size, size > 0 {
            throw StoreError.cannotOpen(
                path: path,
                reason: "\(message): \(wal) holds changes this user can not read (a collect is running, or one was "
                    + "interrupted): run again once it has finished (any posture command run by the file's owner folds them in)")
        }
        let before = FileState(path: path)
        let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        let immutable = try openProbed(
            "file:\(encoded)?immutable=1", flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI)
        switch immutable {
        case .success(let db):
            unlocked = before
            return db
        case .failure(_, let again):
            throw StoreError.cannotOpen(path: path, reason: "\(message); reading it without locks failed too: \(again)")
        }
    }

    /// Refuses the answer of an unlocked read when the file changed under it.
    static func checkUnchanged(path: String, since: FileState) throws {
        let walSize = FileState(path: path + "-wal")?.size ?? 0
        if FileState(path: path) != since || walSize > 0 {
            throw StoreError.queryFailed(
                "the database at \(path) changed while it was read without locks (this user can not create its -shm "
                    + "file, and a collect ran meanwhile): run the command again")
        }
    }

    private enum Opened {
        case success(OpaquePointer)
        case failure(Int32, String)
    }

    /// Opens and reads the schema once, so a WAL problem shows here rather than in the first query.
    private static func openProbed(_ name: String, flags: Int32) throws -> Opened {
        var db: OpaquePointer?
        var rc = sqlite3_open_v2(name, &db, flags, nil)
        if rc == SQLITE_OK {
            rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nil, nil, nil)
            if rc == SQLITE_OK, let db { return .success(db) }
        }
        let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "error \(rc)"
        sqlite3_close(db)
        return .failure(rc & 0xFF, message)
    }
}
