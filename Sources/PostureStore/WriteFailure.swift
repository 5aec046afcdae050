import GRDB

/// Turns what SQLite reports while the database is opened or written into a ``StoreError``
/// that says what happened and what to do: a lock held past the busy timeout, a full disk, or
/// any other write error (named with its SQLite message).
///
/// Reads and writes nothing itself.
enum WriteFailure {
    static func storeError(_ error: Error, path: String, busyTimeout: Double) -> Error {
        if error is StoreError { return error }
        guard let db = error as? DatabaseError else { return error }
        switch db.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError.locked(path: path, seconds: busyTimeout)
        case .SQLITE_FULL:
            return StoreError.diskFull(path: path)
        case .SQLITE_IOERR where db.extendedResultCode == .SQLITE_IOERR_SHMSIZE:
            return StoreError.diskFull(path: path)
        default:
            return StoreError.writeFailed(path: path, reason: db.message ?? "\(db.resultCode)")
        }
    }

    /// Whether SQLite's error means "locked by another process" or "no space left".
    static func isLockOrSpace(_ error: DatabaseError) -> Bool {
        [.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_FULL].contains(error.resultCode)
            || error.extendedResultCode == .SQLITE_IOERR_SHMSIZE
    }

    /// Runs `body`, rethrowing a SQLite error as a ``StoreError``.
    static func mapping<T>(path: String, busyTimeout: Double, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw storeError(error, path: path, busyTimeout: busyTimeout)
        }
    }
}
