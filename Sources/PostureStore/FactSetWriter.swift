import Foundation
import GRDB
import GRDBSQLite
import PostureFacts
import PostureJSON

/// Writes one ``FactSet`` into `<table>_versions` as change-only history, inside the caller's
/// transaction.
///
/// Loads the versions open in the set's scope, narrowed to its ``FactSet/Subset`` if it has
/// one (one indexed query), compares each new row with the open version of the same key by
/// content hash, closes versions that changed or (for a complete set) vanished by setting
/// `valid_to`, and inserts new versions with `valid_from`. An unchanged row costs a hash and a
/// dictionary lookup; no SQL is run for it.
///
/// Rows are read and bound through ``RawStatement`` straight from and into SQLite's buffers,
/// with the statements prepared once per write (``StatementCache``): this is the inner loop of
/// every collect and import (a collect at 1,000 containers hands it thousands of findings).
struct FactSetWriter {
    let db: Database
    let snapshotID: Int64
    private let statements: StatementCache?
    private let subsetTexts = SubsetTexts()

    init(db: Database, snapshotID: Int64) {
        self.db = db
        self.snapshotID = snapshotID
        statements = db.sqliteConnection.map(StatementCache.init)
    }

    /// The JSON array of the last subset's values: a collect's checks scoped to some
    /// containers hand over one set each with the same resources (45 at a time).
    private final class SubsetTexts {
        var values: [String] = []
        var text = "[]"

        func text(of values: [String]) -> String {
            if values != self.values {
                self.values = values
                text = SubsetFilter.jsonArray(values)
            }
            return text
        }
    }

    /// The versions open in a set's scope, by key.
    private struct OpenVersions {
        var index: [FactKey: Int] = [:]
        var rowIDs: [Int64] = []
        /// `nil` for a stored hash that is not 16 bytes: it matches no row.
        var hashes: [RowHashValue?] = []
        /// Patch sets only (empty otherwise): the open version's fact columns, to merge the patch into.
        var values: [[String: FactValue]] = []
    }

    func apply(_ set: FactSet) throws -> TableChanges {
        guard let statements else {
            throw StoreError.queryFailed("the database connection is closed")
        }
        let table = "\(set.table)_versions"
        let allColumns = set.mode == .patch ? try factColumns(of: table) : set.columns
        let keys = try FactKeys(set)
        let subset = try set.subset.map { try SubsetFilter($0, of: set) }
        let open = try loadOpen(
            statements, table: table, scope: set.scope, subset: set.subset, keys: keys, keyColumns: set.keyColumns,
            valueColumns: set.mode == .patch ? allColumns : [])

        // Prepared when a version is first closed: most sets of a re-collect close none.
        var closing: RawStatement?
        func closeVersion(_ rowID: Int64) throws {
            let close = try closing ?? statements.statement("UPDATE \(quote(table)) SET valid_to = ? WHERE row_id = ?")
            closing = close
            close.reset()
            close.bind(snapshotID, at: 1)
            close.bind(rowID, at: 2)
            try close.run()
        }
        var inserts = BatchInsert(statements: statements, table: table, columns: allColumns, snapshotID: snapshotID)

        // Which open versions a row of the set named, and the new keys seen: a key met again
        // is a duplicate, and the first one wins.
        var matched = [Bool](repeating: false, count: open.rowIDs.count)
        var added = Set<FactKey>()
        var changes = TableChanges()
        var hasher = RowHash.Hasher(columns: allColumns)
        for row in set.rows {
            try subset?.admit(row, table: set.table)
            let key = keys.key(of: row)
            let current = open.index[key]
            if let current {
                if matched[current] { continue }
                matched[current] = true
            } else if !added.insert(key).inserted {
                continue
            }
            var values = row
            if set.mode == .patch {
                var merged = current.map { open.values[$0] } ?? [:]
                for (column, value) in zip(set.columns, row) { merged[column] = value }
                values = allColumns.map { merged[$0] ?? .null }
            }
            let hash = hasher.value(values)
            if let current {
                if open.hashes[current] == hash { continue }
                // Closed now, inserted later: the old version must be closed before the new
                // one enters the unique index of open keys.
                try closeVersion(open.rowIDs[current])
                changes.changed += 1
            } else {
                changes.added += 1
            }
            try inserts.add(values, hash: hash)
        }
        try inserts.flush()
        if set.mode == .complete {
            for (i, rowID) in open.rowIDs.enumerated() where !matched[i] {
                try closeVersion(rowID)
                changes.removed += 1
            }
        }
        return changes
    }

    /// Appends sample rows with this snapshot's id (a usage row per running container at every
    /// collect), bound straight into SQLite's buffers as version rows are.
    func append(_ sample: SampleSet) throws {
        guard let statements else {
            throw StoreError.queryFailed("the database connection is closed")
        }
        let columns = ["snapshot_id"] + sample.columns
        let statement = try statements.statement(
            """
            INSERT INTO \(quote(sample.table)) (\(columns.map(quote).joined(separator: ", ")))
            VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
            """)
        for row in sample.rows {
            statement.reset()
            statement.bind(snapshotID, at: 1)
            for (i, value) in row.enumerated() { statement.bind(value, at: Int32(i + 2)) }
            try statement.run()
        }
    }

    private func loadOpen(
        _ statements: StatementCache, table: String, scope: [String: FactValue], subset: FactSet.Subset?,
        keys: FactKeys, keyColumns: [String], valueColumns: [String]
    ) throws -> OpenVersions {
        let scopeColumns = scope.keys.sorted()
        let selected = (["row_id", "row_hash"] + keyColumns + valueColumns).map(quote)
        var sql = "SELECT \(selected.joined(separator: ", ")) FROM \(quote(table)) WHERE valid_to IS NULL"
        for column in scopeColumns { sql += " AND \(quote(column)) = ?" }
        if let subset { sql += " AND \(quote(subset.column)) IN (SELECT value FROM json_each(?))" }
        let statement = try statements.statement(sql)
        statement.reset()
        for (i, column) in scopeColumns.enumerated() { statement.bind(scope[column]!, at: Int32(i + 1)) }
        if let subset {
            statement.bind(.text(subsetTexts.text(of: subset.values)), at: Int32(scopeColumns.count + 1))
        }
        var result = OpenVersions()
        let keyCount = Int32(keyColumns.count)
        while try statement.stepOrFail() {
            let key = keys.key { statement.factValue(2 + Int32($0)) }
            // Several open versions of one key (never, with the unique index): the last wins.
            let i = result.index[key] ?? result.rowIDs.count
            let rowID = statement.int(0) ?? 0
            let hash = statement.rowHash(1)
            var values: [String: FactValue] = [:]
            for (j, column) in valueColumns.enumerated() { values[column] = statement.factValue(2 + keyCount + Int32(j)) }
            if i == result.rowIDs.count {
                result.index[key] = i
                result.rowIDs.append(rowID)
                result.hashes.append(hash)
                if !valueColumns.isEmpty { result.values.append(values) }
            } else {
                result.rowIDs[i] = rowID
                result.hashes[i] = hash
                if !valueColumns.isEmpty { result.values[i] = values }
            }
        }
        return result
    }

    /// Columns of a versions table that hold facts (not the bookkeeping columns).
    private func factColumns(of table: String) throws -> [String] {
        let bookkeeping: Set<String> = ["row_id", "row_hash", "valid_from", "valid_to"]
        return try db.columns(in: table).map(\.name).filter { !bookkeeping.contains($0) }
    }
}

/// A ``FactSet/Subset`` as the writer enforces it: a row must hold one of the subset's values,
/// or a version open outside the subset could be opened twice.
struct SubsetFilter {
    let column: String
    let index: Int
    let values: Set<String>

    init(_ subset: FactSet.Subset, of set: FactSet) throws {
        guard let index = set.columns.firstIndex(of: subset.column) else {
            throw StoreError.queryFailed("fact set \(set.table) lacks its subset column \(subset.column)")
        }
        column = subset.column
        self.index = index
        values = Set(subset.values)
    }

    func admit(_ row: [FactValue], table: String) throws {
        guard let text = row[index].textValue, values.contains(text) else {
            throw StoreError.queryFailed(
                "fact set \(table) has a row whose \(column) \(row[index].textValue ?? "NULL") is outside the subset it replaces "
                    + "(a bug in posture: nothing of this snapshot was written; please report it)")
        }
    }

    /// The values as a JSON array of strings, for `json_each`. Written with PostureJSON's
    /// writer: through `JSONSerialization` it cost about as much as loading the open versions it
    /// selects (a collect writes some fifty subsets of findings).
    static func jsonArray(_ values: [String]) -> String {
        var writer = CanonicalJSONWriter(capacity: values.reduce(2) { $0 + $1.utf8.count + 3 })
        writer.writeArray(values) { value, writer in writer.writeString(value) }
        return writer.text
    }
}

/// `identifier` as an SQL quoted identifier. Built for every column of every statement a
/// fact set's write looks up (some 1,500 a collect at 1,000 containers): Foundation's
/// `replacingOccurrences` is left for names that hold a quote, which posture's never do.
func quote(_ identifier: String) -> String {
    guard identifier.utf8.contains(UInt8(ascii: "\"")) else { return "\"" + identifier + "\"" }
    return "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
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
