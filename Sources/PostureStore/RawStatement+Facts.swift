import Foundation
import GRDB
import GRDBSQLite
import PostureFacts

/// Binding and reading ``FactValue``s on a ``RawStatement``: the write path of
/// ``FactSetWriter``, which runs once per fact row of every collect and import and so skips
/// GRDB's `StatementArguments` (about a tenth of a 10,000-finding import went to building them).
///
/// Errors are thrown as GRDB `DatabaseError`s with SQLite's extended result code, so
/// ``WriteFailure`` still tells a full disk and a held lock apart from other failures.
extension RawStatement {
    /// SQLite copies bound text and blobs before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Clears the previous binding; parameters are then bound from index 1.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ value: FactValue, at index: Int32) {
        switch value {
        case .null: sqlite3_bind_null(handle, index)
        case .int(let v): sqlite3_bind_int64(handle, index, v)
        case .double(let v): sqlite3_bind_double(handle, index, v)
        case .text(let v) where v.isEmpty:
            sqlite3_bind_text(handle, index, "", 0, Self.transient)  // not NULL: '' is a value
        case .text(var v):
            v.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) {
                    _ = sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), Self.transient)
                }
            }
        }
    }

    func bind(_ value: Int64, at index: Int32) { sqlite3_bind_int64(handle, index, value) }

    func bind(_ value: Data, at index: Int32) {
        value.withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
    }

    func bind(_ hash: RowHashValue, at index: Int32) {
        hash.withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
    }

    /// The column as a row hash; `nil` unless it holds exactly 16 bytes.
    func rowHash(_ column: Int32) -> RowHashValue? {
        guard let p = sqlite3_column_blob(handle, column) else { return nil }
        let n = Int(sqlite3_column_bytes(handle, column))
        return RowHashValue(bytes: UnsafeRawBufferPointer(start: p, count: n))
    }

    /// Steps once, as ``step()`` does, but throws a `DatabaseError` carrying SQLite's result code.
    func stepOrFail() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        let connection = sqlite3_db_handle(handle)
        let extended = sqlite3_extended_errcode(connection)
        throw DatabaseError(
            resultCode: ResultCode(rawValue: extended),
            message: connection.map { String(cString: sqlite3_errmsg($0)) }, sql: sql)
    }

    /// Runs a statement that returns no rows with its bound parameters.
    func run() throws {
        while try stepOrFail() {}
    }

    /// The column as a fact value (a blob as lowercase hex, as ``FactValue/init(_:)`` does).
    func factValue(_ column: Int32) -> FactValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(handle, column))
        case SQLITE_TEXT: return .text(text(column) ?? "")
        case SQLITE_BLOB: return .text(blob(column).lowercaseHex)
        default: return .null
        }
    }
}
