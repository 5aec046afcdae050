import Foundation
import GRDB
import GRDBSQLite
import PostureFacts

/// One result row of a GRDB `Statement` read in place from SQLite's buffers, valid only
/// inside `forEachRawRow`'s body (do not keep it): the checks of a collect read some 40,000
/// rows this way without a GRDB `Row`, `DatabaseValue` or ``SQLValue`` per value.
public struct RawRow {
    private let handle: OpaquePointer

    fileprivate init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    /// The column as ``SQLValue/text`` of GRDB's value would give it: `nil` for NULL, numbers as
    /// Swift prints them, text up to its first NUL (as GRDB reads it), blobs as lowercase hex.
    public func text(_ column: Int) -> String? {
        let index = Int32(column)
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return String(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return String(sqlite3_column_double(handle, index))
        case SQLITE_TEXT: return String(cString: sqlite3_column_text(handle, index))
        case SQLITE_BLOB:
            guard let bytes = sqlite3_column_blob(handle, index) else { return "" }
            let count = Int(sqlite3_column_bytes(handle, index))
            return [UInt8](UnsafeRawBufferPointer(start: bytes, count: count)).lowercaseHex
        default: return nil
        }
    }
}

extension Statement {
    /// Steps the statement from its start to its end (with the arguments it has), handing
    /// each row to `body`. Throws a `DatabaseError` with SQLite's message, as GRDB's cursors do.
    public func forEachRawRow(_ body: (RawRow) throws -> Void) throws {
        let handle = sqliteStatement
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else {
                let connection = sqlite3_db_handle(handle)
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: rc),
                    message: connection.map { String(cString: sqlite3_errmsg($0)) }, sql: sql)
            }
            try body(RawRow(handle))
        }
    }
}
