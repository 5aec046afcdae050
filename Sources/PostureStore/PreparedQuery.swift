import Foundation
import GRDB
import GRDBSQLite

/// A query prepared straight with SQLite on a GRDB connection, without GRDB's statement
/// authorizer, for SQL whose tables are already known (a check whose text has not changed since
/// its reads were recorded). GRDB works out every statement's `databaseRegion` while SQLite
/// prepares it, one authorizer call per column read; for the checks that was about half of
/// preparing them, on every collect.
///
/// Reads whatever its SQL reads; one statement only, as GRDB's `makeStatement(sql:)` takes
/// (the same errors). Finalized when released.
public final class PreparedQuery: RawRowSource {
    let handle: OpaquePointer
    public let sql: String

    public init(_ db: Database, sql: String) throws {
        guard let connection = db.sqliteConnection else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the database connection is closed", sql: sql)
        }
        self.sql = sql
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let more: Bool = try sql.withCString { start in
            let rc = sqlite3_prepare_v3(connection, start, -1, 0, &statement, &tail)
            guard rc == SQLITE_OK else {
                sqlite3_finalize(statement)
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
            }
            guard statement != nil else { return false }
            // Anything but blanks and comments after the first statement is a second one.
            var rest: OpaquePointer?
            let restCode = sqlite3_prepare_v3(connection, tail, -1, 0, &rest, nil)
            defer { sqlite3_finalize(rest) }
            return restCode != SQLITE_OK || rest != nil
        }
        guard let statement else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: "empty statement", sql: sql)
        }
        guard !more else {
            sqlite3_finalize(statement)
            throw DatabaseError(
                resultCode: .SQLITE_MISUSE,
                message: """
                    Multiple statements found. To execute multiple statements, use \
                    Database.execute(sql:) or Database.allStatements(sql:) instead.
                    """,
                sql: sql)
        }
        handle = statement
    }

    deinit { sqlite3_finalize(handle) }

    /// Whether the statement can not change the database (`sqlite3_stmt_readonly`).
    public var isReadonly: Bool { sqlite3_stmt_readonly(handle) != 0 }

    /// The result's column names.
    public var columnNames: [String] {
        (0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) }
    }

    public func forEachRawRow(_ body: (RawRow) throws -> Void) throws {
        try RawRow.step(handle, sql: sql, body)
    }
}
