import Foundation
import GRDB
import GRDBSQLite
import PostureFacts

/// Writes one ``FactSet`` into `<table>_versions` as change-only history, inside the caller's
/// transaction.
///
/// Loads the versions open in the set's scope (one indexed query), compares each new row with
/// the open version of the same key by content hash, closes versions that changed or (for a
/// complete set) vanished by setting `valid_to`, and inserts new versions with `valid_from`.
/// An unchanged row costs a hash and a dictionary lookup; no SQL is run for it.
///
/// Rows are read and bound through ``RawStatement`` straight from and into SQLite's buffers:
/// this is the inner loop of every collect and import.
struct FactSetWriter {
    let db: Database
    let snapshotID: Int64

    private struct OpenVersion {
        let rowID: Int64
        let hash: Data
        /// Patch sets only: the open version's fact columns, to merge the patch into.
        let values: [String: FactValue]
    }

    func apply(_ set: FactSet) throws -> TableChanges {
        guard let connection = db.sqliteConnection else {
            throw StoreError.queryFailed("the database connection is closed")
        }
        let table = "\(set.table)_versions"
        let allColumns = set.mode == .patch ? try factColumns(of: table) : set.columns
        let open = try loadOpen(
            connection, table: table, scope: set.scope, keyColumns: set.keyColumns,
            valueColumns: set.mode == .patch ? allColumns : [])

        let keyIndexes = try set.keyColumns.map { key -> Int in
            guard let i = set.columns.firstIndex(of: key) else {
                throw StoreError.queryFailed("fact set \(set.table) lacks its key column \(key)")
            }
            return i
        }
        let close = try RawStatement(connection, "UPDATE \(quote(table)) SET valid_to = ? WHERE row_id = ?")
        func closeVersion(_ rowID: Int64) throws {
            close.reset()
            close.bind(snapshotID, at: 1)
            close.bind(rowID, at: 2)
            try close.run()
        }
        var inserts = BatchInsert(
            connection: connection, table: table, columns: allColumns, snapshotID: snapshotID)

        var seen = Set<String>()
        var changes = TableChanges()
        var hasher = RowHash.Hasher(columns: allColumns)
        for row in set.rows {
            let key = Self.key(keyIndexes.map { row[$0] })
            if !seen.insert(key).inserted { continue }  // duplicate key: the first one wins
            var values = row
            if set.mode == .patch {
                var merged = open[key]?.values ?? [:]
                for (column, value) in zip(set.columns, row) { merged[column] = value }
                values = allColumns.map { merged[$0] ?? .null }
            }
            let hash = hasher.hash(values)
            if let current = open[key] {
                if current.hash == hash { continue }
                // Closed now, inserted later: the old version must be closed before the new
                // one enters the unique index of open keys.
                try closeVersion(current.rowID)
                changes.changed += 1
            } else {
                changes.added += 1
            }
            try inserts.add(values, hash: hash)
        }
        try inserts.flush()
        if set.mode == .complete {
            for (key, version) in open where !seen.contains(key) {
                try closeVersion(version.rowID)
                changes.removed += 1
            }
        }
        return changes
    }

    /// Appends sample rows with this snapshot's id.
    func append(_ sample: SampleSet) throws {
        let columns = ["snapshot_id"] + sample.columns
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO \(quote(sample.table)) (\(columns.map(quote).joined(separator: ", ")))
                VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
                """)
        for row in sample.rows {
            var arguments: StatementArguments = [snapshotID]
            arguments += StatementArguments(row.map { $0.databaseValue })
            try statement.execute(arguments: arguments)
        }
    }

    /// The identity of a row: its key columns as text, joined by a separator no key holds.
    private static func key(_ values: [FactValue]) -> String {
        values.map { $0.textValue ?? "\u{0}" }.joined(separator: "\u{1F}")
    }

    private func loadOpen(
        _ connection: OpaquePointer, table: String, scope: [String: FactValue], keyColumns: [String],
        valueColumns: [String]
    ) throws -> [String: OpenVersion] {
        let scopeColumns = scope.keys.sorted()
        let selected = (["row_id", "row_hash"] + keyColumns + valueColumns).map(quote)
        var sql = "SELECT \(selected.joined(separator: ", ")) FROM \(quote(table)) WHERE valid_to IS NULL"
        for column in scopeColumns { sql += " AND \(quote(column)) = ?" }
        let statement = try RawStatement(connection, sql)
        statement.reset()
        for (i, column) in scopeColumns.enumerated() { statement.bind(scope[column]!, at: Int32(i + 1)) }
        var result: [String: OpenVersion] = [:]
        let keyCount = Int32(keyColumns.count)
        while try statement.stepOrFail() {
            let key = Self.key((0..<keyCount).map { statement.factValue(2 + $0) })
            var values: [String: FactValue] = [:]
            for (i, column) in valueColumns.enumerated() { values[column] = statement.factValue(2 + keyCount + Int32(i)) }
            result[key] = OpenVersion(rowID: statement.int(0) ?? 0, hash: statement.blob(1), values: values)
        }
        return result
    }

    /// Columns of a versions table that hold facts (not the bookkeeping columns).
    private func factColumns(of table: String) throws -> [String] {
        let bookkeeping: Set<String> = ["row_id", "row_hash", "valid_from", "valid_to"]
        return try db.columns(in: table).map(\.name).filter { !bookkeeping.contains($0) }
    }
}

func quote(_ identifier: String) -> String {
    "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

extension FactValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .int(let v): return v.databaseValue
        case .double(let v): return v.databaseValue
        case .text(let v): return v.databaseValue
        }
    }

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let v): self = .int(v)
        case .double(let v): self = .double(v)
        case .string(let v): self = .text(v)
        case .blob(let d): self = .text(d.lowercaseHex)
        }
    }
}
