import PostureStore

/// Compares the A-side and B-side versions of one table (see ``VersionWindow``) by stable key:
/// a key only at A was removed, only at B was added, at both was changed when a compared field
/// differs. Keys are unique per snapshot, so these versions alone decide every key that changed.
struct TableDiffer {
    let spec: DiffTableSpec
    /// Fact columns of the table (bookkeeping columns excluded).
    let columns: [String]
    let a: Int64
    let b: Int64

    /// Fields compared for a change: not bookkeeping, not ignored, not part of the key (worked
    /// out once: every row compared and every delta made reads them).
    let compared: [String]

    init(spec: DiffTableSpec, columns: [String], a: Int64, b: Int64) {
        self.spec = spec
        self.columns = columns
        self.a = a
        self.b = b
        compared = columns.filter { !DiffTableSpec.bookkeeping.contains($0) && !spec.ignored.contains($0) && !spec.key.contains($0) }
    }

    struct Keyed {
        let key: [(column: String, value: String)]
        let row: NamedRow
        /// The key's values joined: what rows are matched and ordered by (made once per row).
        let id: String

        init(key: [(column: String, value: String)], row: NamedRow) {
            self.key = key
            self.row = row
            id = key.map(\.value).joined(separator: "\u{1F}")
        }
    }

    /// The stable key of `row` as of `snapshot`; `nil` when a child row's container is unknown.
    func key(of row: NamedRow, snapshot: Int64, names: ContainerNames) -> [(column: String, value: String)] {
        spec.key.map { column in
            if column == "container" {
                let engine = row["engine_id"].text ?? ""
                let id = row["container_id"].text ?? ""
                return (column, names.name(engine: engine, container: id, snapshot: snapshot) ?? "id:" + String(id.prefix(12)))
            }
            return (column, row[column].display)
        }
    }

    func keyed(_ rows: [NamedRow], snapshot: Int64, names: ContainerNames) -> [String: Keyed] {
        var result: [String: Keyed] = [:]
        for row in rows {
            var entry = Keyed(key: key(of: row, snapshot: snapshot, names: names), row: row)
            if result.keys.contains(entry.id) {
                // Two versions with the same stable key (e.g. Docker allowed duplicate network
                // names): keep both apart by their row id.
                entry = Keyed(key: entry.key + [("row_id", row["row_id"].display)], row: row)
            }
            result[entry.id] = entry
        }
        return result
    }

    /// The diff of this table; removals and changes of `withheldEngines` are counted, not listed.
    func diff(atA: [NamedRow], atB: [NamedRow], names: ContainerNames, withheldEngines: Set<String>, notes: [String])
        -> TableDiff
    {
        let old = keyed(atA, snapshot: a, names: names)
        let new = keyed(atB, snapshot: b, names: names)
        var added: [RowDelta] = []
        var removed: [RowDelta] = []
        var changed: [RowDelta] = []
        var withheld = 0
        let fields = (a: Fields(self, atA), b: Fields(self, atB))
        for id in Set(old.keys).union(new.keys).sorted() {
            switch (old[id], new[id]) {
            case (nil, let b?):
                added.append(delta(b, fields.b))
            case (let a?, nil):
                if withheldEngines.contains(a.row["engine_id"].text ?? "") { withheld += 1 } else { removed.append(delta(a, fields.a)) }
            case (let a?, let b?):
                let changes = compared.indices.compactMap { i -> FieldChange? in
                    let before = a.row.value(at: fields.a.compared[i])
                    let after = b.row.value(at: fields.b.compared[i])
                    return before == after ? nil : FieldChange(field: compared[i], old: before, new: after)
                }
                if changes.isEmpty { continue }
                if withheldEngines.contains(b.row["engine_id"].text ?? "") {
                    withheld += 1
                } else {
                    changed.append(RowDelta(key: b.key, values: [], changes: changes, summary: []))
                }
            case (nil, nil):
                continue
            }
        }
        return TableDiff(
            table: spec.table, keyColumns: spec.key, added: added, removed: removed, changed: changed,
            notes: notes + (withheld > 0 ? ["\(withheld) removal\(withheld == 1 ? "" : "s") or change\(withheld == 1 ? "" : "s") of \(spec.table) not shown: their collector did not run cleanly in A or B"] : []),
            withheld: withheld)
    }

    /// Positions of the compared and summary fields in one side's rows, found once per side.
    private struct Fields {
        let compared: [Int?]
        let summary: [Int?]

        init(_ differ: TableDiffer, _ rows: [NamedRow]) {
            compared = NamedRow.positions(of: differ.compared, in: rows)
            summary = NamedRow.positions(of: differ.spec.summary, in: rows)
        }
    }

    private func delta(_ entry: Keyed, _ fields: Fields) -> RowDelta {
        let values = compared.indices.compactMap { i -> (column: String, value: SQLValue)? in
            let value = entry.row.value(at: fields.compared[i])
            return value == .null ? nil : (compared[i], value)
        }
        let summary = spec.summary.indices.compactMap { i -> (column: String, value: SQLValue)? in
            let value = entry.row.value(at: fields.summary[i])
            return value == .null ? nil : (spec.summary[i], value)
        }
        return RowDelta(key: entry.key, values: values, changes: [], summary: summary)
    }
}
