import Foundation
import GRDB
import GRDBSQLite
import Testing

@testable import PostureStore

/// `collect` prepares its per-container checks on the write connection while the engines
/// answer, reads the store (image contents), then runs them in the snapshot's write. A
/// statement SQLite has to prepare again costs as much as preparing it late.
@Suite("statements prepared on the write connection")
struct WriteConnectionTests {
    @Test("a statement prepared ahead survives the store's reads and its write unprepared, and sees the write's rows")
    func preparedAheadStaysPrepared() throws {
        let db = try TestDatabase()
        try db.snapshot(["web": 512])
        let statement = try db.store.onWriteConnection { try $0.makeStatement(sql: "SELECT count(*) FROM snapshots") }
        // What collect reads between the two (OpenFactRows, KnownImages: `read`).
        let open = try db.store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM main.containers_versions") }
        #expect(open == 1)
        let counted = try db.store.write { database in
            try database.execute(
                sql: """
                    INSERT INTO snapshots (taken_at, host, status, tool_version, schema_version)
                    SELECT taken_at, host, status, tool_version, schema_version FROM snapshots
                    """)
            return try Int.fetchOne(statement)
        }
        #expect(counted == 2)
        #expect(sqlite3_stmt_status(statement.sqliteStatement, SQLITE_STMTSTATUS_REPREPARE, 0) == 0)
    }

    @Test("a GRDB read would have prepared it again: the reason `read` does not switch query_only")
    func queryOnlyExpiresStatements() throws {
        let db = try TestDatabase()
        try db.snapshot(["web": 512])
        let statement = try db.store.onWriteConnection { try $0.makeStatement(sql: "SELECT count(*) FROM snapshots") }
        try db.store.queue.read { _ in }
        _ = try db.store.onWriteConnection { _ in try Int.fetchOne(statement) }
        #expect(sqlite3_stmt_status(statement.sqliteStatement, SQLITE_STMTSTATUS_REPREPARE, 0) == 1)
    }
}
