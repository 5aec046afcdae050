import Foundation
import GRDB
import Testing
@testable import PostureStore

/// ``PreparedQuery`` prepares checks without GRDB's authorizer: it must read the same rows and
/// refuse the same SQL as GRDB's `makeStatement`.
@Suite("queries prepared without GRDB's authorizer")
struct PreparedQueryTests {
    private func rows(_ source: some RawRowSource, columns: Int) throws -> [[String?]] {
        var rows: [[String?]] = []
        try source.forEachRawRow { row in rows.append((0..<columns).map { row.text($0) }) }
        return rows
    }

    @Test("the same rows, columns and read-only flag as GRDB's statement, and it can be stepped again")
    func sameAsGRDB() throws {
        let db = try TestDatabase()
        try db.snapshot(["web": 512, "db": nil])
        let sql = "SELECT name, memory_limit, x'00ff' AS blob, 1.5 AS half FROM containers ORDER BY name -- a comment\n;  "
        try db.store.read { db in
            let query = try PreparedQuery(db, sql: sql)
            let statement = try db.makeStatement(sql: sql)
            #expect(query.columnNames == ["name", "memory_limit", "blob", "half"])
            #expect(query.columnNames == statement.columnNames)
            #expect(query.isReadonly && statement.isReadonly)
            let read = try rows(query, columns: 4)
            #expect(read == [["db", nil, "00ff", "1.5"], ["web", "512", "00ff", "1.5"]])
            #expect(try rows(statement, columns: 4) == read)
            #expect(try rows(query, columns: 4) == read, "stepped a second time from the start")
            #expect(try !PreparedQuery(db, sql: "DELETE FROM snapshots").isReadonly)
        }
    }

    @Test("an empty statement, a second statement and bad SQL fail as GRDB's makeStatement does", arguments: [
        ("  -- nothing\n", "empty statement"),
        ("SELECT 1; SELECT 2", "Multiple statements found"),
        ("SELECT 1; garbage", "Multiple statements found"),
        ("SELECT nope FROM containers", "no such column: nope"),
    ])
    func refusals(sql: String, message: String) throws {
        let db = try TestDatabase()
        try db.store.read { db in
            let ours = #expect(throws: DatabaseError.self) { try PreparedQuery(db, sql: sql) }
            let grdb = #expect(throws: DatabaseError.self) { try db.makeStatement(sql: sql) }
            #expect(ours?.message?.contains(message) == true, "\(String(describing: ours?.message))")
            #expect(ours?.resultCode == grdb?.resultCode)
        }
    }

    @Test("a failure while stepping is a DatabaseError with SQLite's message")
    func stepFailure() throws {
        let db = try TestDatabase()
        try db.store.read { db in
            let query = try PreparedQuery(db, sql: "SELECT json_extract('not json', '$.x')")
            let error = #expect(throws: DatabaseError.self) { try query.forEachRawRow { _ in } }
            #expect(error?.message?.contains("malformed JSON") == true, "\(String(describing: error?.message))")
        }
    }
}
