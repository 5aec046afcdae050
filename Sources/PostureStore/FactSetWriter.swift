import Foundation
import GRDB
import PostureFacts

/// Writes one ``FactSet`` into `<table>_versions` as change-only history, inside the caller's
/// transaction.
///
/// Loads the versions open in the set's scope (one indexed query), compares each new row with
/// the open version of the same key by content hash, closes versions that changed or (for a
/// complete set) vanished by setting `valid_to`, and inserts new versions with `valid_from`.
/// An unchanged row costs a hash and a dictionary lookup; no SQL is run for it.
struct FactSetWriter {
    let db: Database
    let snapshotID: Int64

    private struct OpenVersion {
        let rowID: Int64
        let hash: Data
        let values: [String: DatabaseValue]
    }

    func apply(_ set: FactSet) throws -> TableChanges {
        let table = "\(set.table)_versions"
        let scopeColumns = set.scope.keys.sorted()
        let allColumns: [String]
        if set.mode == .patch {
            allColumns = try factColumns(of: table)
        } else {
            allColumns = set.columns
        }
        let open = try loadOpen(
            table: table, scopeColumns: scopeColumns, scope: set.scope, keyColumns: set.keyColumns,
            valueColumns: set.mode == .patch ? allColumns : [])

        let keyIndexes = try set.keyColumns.map { key -> Int in
            guard let i = set.columns.firstIndex(of: key) else {
                throw StoreError.queryFailed("fact set \(set.table) lacks its key column \(key)")
            }
            return i
        }
        let insertSQL = """
            INSERT INTO \(quote(table)) (\(allColumns.map(quote).joined(separator: ", ")), row_hash, valid_from)
            VALUES (\(Array(repeating: "?", count: allColumns.count + 2).joined(separator: ", ")))
            """
        let insert = try db.cachedStatement(sql: insertSQL)
        let close = try db.cachedStatement(
            sql: "UPDATE \(quote(table)) SET valid_to = ? WHERE row_id = ?")

        var seen = Set<String>()
        var changes = TableChanges()
        var hasher = RowHash.Hasher(columns: allColumns)
        for row in set.rows {
            let key = keyIndexes.map { row[$0].textValue ?? "\u{0}" }.joined(separator: "\u{1F}")
            if !seen.insert(key).inserted { continue }  // duplicate key: the first one wins
            var values = row
            if set.mode == .patch {
                var merged = open[key]?.values ?? [:]
                for (column, value) in zip(set.columns, row) { merged[column] = value.databaseValue }
                values = allColumns.map { FactValue(merged[$0] ?? .null) }
            }
            let hash = hasher.hash(values)
            if let current = open[key] {
                if current.hash == hash { continue }
                try close.execute(arguments: [snapshotID, current.rowID])
                changes.changed += 1
            } else {
                changes.added += 1
            }
            var arguments = StatementArguments(values.map { $0.databaseValue })
            arguments += [hash, snapshotID]
            try insert.execute(arguments: arguments)
        }
        if set.mode == .complete {
            for (key, version) in open where !seen.contains(key) {
                try close.execute(arguments: [snapshotID, version.rowID])
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

    private func loadOpen(
        table: String, scopeColumns: [String], scope: [String: FactValue], keyColumns: [String],
        valueColumns: [String]
    ) throws -> [String: OpenVersion] {
        let selected = (["row_id", "row_hash"] + keyColumns + valueColumns).map(quote)
        var sql = "SELECT \(selected.joined(separator: ", ")) FROM \(quote(table)) WHERE valid_to IS NULL"
        for column in scopeColumns { sql += " AND \(quote(column)) = ?" }
        let arguments = StatementArguments(scopeColumns.map { scope[$0]!.databaseValue })
        var result: [String: OpenVersion] = [:]
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            let key = keyColumns.indices.map { i -> String in
                let value: DatabaseValue = row[2 + i]
                return FactValue(value).textValue ?? "\u{0}"
            }.joined(separator: "\u{1F}")
            var values: [String: DatabaseValue] = [:]
            for (i, column) in valueColumns.enumerated() { values[column] = row[2 + keyColumns.count + i] }
            result[key] = OpenVersion(rowID: row[0], hash: row[1], values: values)
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
        case .blob(let d): self = .text(d.map { String(format: "%02x", $0) }.joined())
        }
    }
}
