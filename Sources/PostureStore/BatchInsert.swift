import Foundation
import GRDBSQLite
import PostureFacts

/// Inserts new versions into one `<table>_versions` table several rows per statement
/// (`INSERT … VALUES (…), (…), …`), which saves SQLite's per-statement work (reset, bind,
/// program start and halt) on the thousands of rows a first collect or a large scan import
/// writes. Each row gets its content hash and `valid_from`; ``flush()`` writes what is left.
///
/// Writes only through the caller's connection, inside the caller's transaction; the statements
/// come from the writer's ``StatementCache``, so each row count is prepared once per write.
struct BatchInsert {
    private let statements: StatementCache
    private let table: String
    private let columns: [String]
    private let snapshotID: Int64
    /// Rows per full statement: at most 64, and never more parameters than SQLite allows
    /// (32,766 since 3.32; 999 before, so stay under that).
    private let rowsPerStatement: Int
    private var full: RawStatement?
    private var pending: [([FactValue], RowHashValue)] = []

    init(statements: StatementCache, table: String, columns: [String], snapshotID: Int64) {
        self.statements = statements
        self.table = table
        self.columns = columns
        self.snapshotID = snapshotID
        rowsPerStatement = max(1, min(64, 999 / (columns.count + 2)))
        pending.reserveCapacity(rowsPerStatement)
    }

    mutating func add(_ values: [FactValue], hash: RowHashValue) throws {
        pending.append((values, hash))
        if pending.count == rowsPerStatement {
            if full == nil { full = try statement(rows: rowsPerStatement) }
            try write(full!)
        }
    }

    /// Writes the rows not yet written.
    mutating func flush() throws {
        guard !pending.isEmpty else { return }
        try write(try statement(rows: pending.count))
    }

    private mutating func write(_ statement: RawStatement) throws {
        statement.reset()
        var index: Int32 = 1
        for (values, hash) in pending {
            for value in values {
                statement.bind(value, at: index)
                index += 1
            }
            statement.bind(hash, at: index)
            statement.bind(snapshotID, at: index + 1)
            index += 2
        }
        try statement.run()
        pending.removeAll(keepingCapacity: true)
    }

    private func statement(rows: Int) throws -> RawStatement {
        let row = "(" + Array(repeating: "?", count: columns.count + 2).joined(separator: ", ") + ")"
        return try statements.statement(
            """
            INSERT INTO \(quote(table)) (\(columns.map(quote).joined(separator: ", ")), row_hash, valid_from)
            VALUES \(Array(repeating: row, count: rows).joined(separator: ", "))
            """)
    }
}
