import PostureStore

/// Small helpers for building and reading report queries on a ``ReadOnlyDatabase``, which takes
/// SQL text only (no bound parameters): values are inlined as SQL literals.
enum SQL {
    /// `'it''s'`
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `"name"`
    static func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `('a', 'b')`, for `IN` lists.
    static func list(_ values: [String]) -> String {
        "(" + values.map(literal).joined(separator: ", ") + ")"
    }
}

extension ReadOnlyDatabase {
    /// Names of the tables and views in the main schema (TEMP views excluded).
    func relationNames() throws -> Set<String> {
        let result = try query("SELECT name FROM main.sqlite_schema WHERE type IN ('table', 'view')")
        return Set(result.rows.compactMap { $0.first?.text })
    }

    /// Columns of every table of the main database, each in declaration order, in one query
    /// (a diff needs them for some twenty tables; one `pragma_table_info` query each cost more
    /// than reading them).
    func tableColumns() throws -> [String: [String]] {
        var columns: [String: [String]] = [:]
        try forEachRow(
            """
            SELECT t.name, c.name FROM main.sqlite_schema t, pragma_table_info(t.name) c
            WHERE t.type = 'table' ORDER BY t.name, c.cid
            """
        ) { row in
            if let table = row.text(0), let column = row.text(1) { columns[table, default: []].append(column) }
            return true
        }
        return columns
    }

    /// Columns of `relation` in declaration order.
    func columnNames(of relation: String) throws -> [String] {
        try query("SELECT name FROM pragma_table_info(\(SQL.literal(relation)))").rows.compactMap { $0.first?.text }
    }

    /// The `snapshots` row with `id`.
    func snapshotInfo(_ id: Int64) throws -> SnapshotInfo {
        let result = try query("SELECT id, taken_at, host, status FROM main.snapshots WHERE id = \(id)")
        guard let row = result.rows.first else { throw StoreError.unknownSnapshot(String(id)) }
        return SnapshotInfo(
            id: row[0].int ?? id, takenAt: row[1].text ?? "", host: row[2].text ?? "", status: row[3].text ?? "")
    }

    /// Collectors of the given snapshots that did not succeed.
    func collectorIssues(snapshots: [Int64]) throws -> [CollectorIssue] {
        guard !snapshots.isEmpty else { return [] }
        let ids = snapshots.map(String.init).joined(separator: ", ")
        let result = try query(
            """
            SELECT snapshot_id, collector, engine_id, status, error FROM main.snapshot_collectors
            WHERE snapshot_id IN (\(ids)) AND status <> 'ok'
            ORDER BY snapshot_id, engine_id, collector
            """)
        return result.rows.map {
            CollectorIssue(
                snapshotID: $0[0].int ?? 0, collector: $0[1].text ?? "", engineID: $0[2].text,
                status: $0[3].text ?? "", error: $0[4].text)
        }
    }
}

/// A query result row addressed by column name.
struct NamedRow {
    let columns: [String: Int]
    let values: [SQLValue]

    subscript(_ column: String) -> SQLValue {
        guard let i = columns[column] else { return .null }
        return values[i]
    }

    /// The value at a position found once with ``positions(of:in:)`` (NULL for `nil`): readers
    /// of many fields of many rows skip hashing the column name for every value.
    func value(at position: Int?) -> SQLValue {
        position.map { values[$0] } ?? .null
    }

    /// Positions of `columns` in the rows of one query (they share their column index).
    static func positions(of columns: [String], in rows: [NamedRow]) -> [Int?] {
        guard let index = rows.first?.columns else { return columns.map { _ in nil } }
        return columns.map { index[$0] }
    }

    static func rows(of result: QueryResult) -> [NamedRow] {
        let index = Dictionary(uniqueKeysWithValues: result.columns.enumerated().map { ($1, $0) })
        return result.rows.map { NamedRow(columns: index, values: $0) }
    }
}

extension SQLValue {
    var int: Int64? {
        switch self {
        case .int(let v): return v
        case .double(let v): return Int64(v)
        case .text(let v): return Int64(v)
        default: return nil
        }
    }

    var double: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .double(let v): return v
        case .text(let v): return Double(v)
        default: return nil
        }
    }

    /// Text for people: `NULL` for SQL NULL.
    var display: String { text ?? "NULL" }
}
