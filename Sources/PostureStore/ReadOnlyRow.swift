import GRDBSQLite

/// The current row of a ``ReadOnlyDatabase/forEachRow(_:timeout:_:)`` statement, read in place
/// from SQLite's buffers; valid only inside the body it is handed to (do not keep it).
public struct ReadOnlyRow {
    let statement: OpaquePointer
    /// Number of columns.
    public let count: Int

    /// Column `i` as a value: integers and reals as numbers, text by its length (a NUL inside
    /// stays), blobs as bytes.
    public func value(_ i: Int) -> SQLValue {
        let column = Int32(i)
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(statement, column))
        case SQLITE_TEXT: return .text(text(i) ?? "")
        case SQLITE_BLOB:
            let n = Int(sqlite3_column_bytes(statement, column))
            guard n > 0, let p = sqlite3_column_blob(statement, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
        default: return .null
        }
    }

    /// Column `i` as text (`nil` for NULL; numbers as SQLite writes them).
    public func text(_ i: Int) -> String? { RawStatement.text(statement, Int32(i)) }

    /// Column `i` as text, returning `previous` itself when the column holds the same text:
    /// rows ordered by a column repeat its value (and the values that go with it), and reusing
    /// the string saves an allocation per row.
    public func text(_ i: Int, reusing previous: String?) -> String? {
        let column = Int32(i)
        guard sqlite3_column_type(statement, column) != SQLITE_NULL, let p = sqlite3_column_text(statement, column) else {
            return nil
        }
        let bytes = UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(statement, column)))
        if var previous, previous.utf8.count == bytes.count,
            previous.withUTF8({ $0.elementsEqual(bytes) })
        {
            return previous
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
