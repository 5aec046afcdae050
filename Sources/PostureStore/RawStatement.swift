import Foundation
import GRDBSQLite

/// One prepared statement on a raw SQLite connection, stepped by hand so rows can be hashed
/// straight from SQLite's buffers. Used on GRDB's connection inside a write transaction and on
/// ``ReadOnlyDatabase``'s connection (whose authorizer still applies).
final class RawStatement {
    let handle: OpaquePointer
    private let connection: OpaquePointer
    let sql: String

    init(_ connection: OpaquePointer, _ sql: String) throws {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw StoreError.queryFailed("\(String(cString: sqlite3_errmsg(connection))) in: \(sql)")
        }
        self.handle = statement
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ values: [Int64]) {
        sqlite3_reset(handle)
        for (i, v) in values.enumerated() { sqlite3_bind_int64(handle, Int32(i + 1), v) }
    }

    /// Steps once: `true` when a row is ready.
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw StoreError.queryFailed("\(String(cString: sqlite3_errmsg(connection))) in: \(sql)")
    }

    func int(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }

    func text(_ column: Int32) -> String? { Self.text(handle, column) }

    /// Column `column` of the current row of `handle` as text, read by its length (a NUL inside
    /// stays); `nil` for NULL.
    static func text(_ handle: OpaquePointer, _ column: Int32) -> String? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL, let p = sqlite3_column_text(handle, column) else {
            return nil
        }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }

    func blob(_ column: Int32) -> Data {
        let n = Int(sqlite3_column_bytes(handle, column))
        guard n > 0, let p = sqlite3_column_blob(handle, column) else { return Data() }
        return Data(bytes: p, count: n)
    }

    /// Runs a statement that returns no rows.
    static func execute(_ connection: OpaquePointer, _ sql: String, _ values: [Int64] = []) throws {
        let s = try RawStatement(connection, sql)
        s.bind(values)
        while try s.step() {}
    }
}
