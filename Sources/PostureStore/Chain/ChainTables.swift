import Foundation

/// The tables the chain covers, found in the database's own schema so tables added by later
/// migrations are covered without code changes:
///
/// - versioned tables: every table with `valid_from` and `valid_to` columns (`*_versions`);
///   each version is hashed over all its columns but `valid_to`;
/// - snapshot records: `snapshots` (by `id`) and every other table with a `snapshot_id`
///   column (`snapshot_collectors`, `*_samples`), whose rows belong to one snapshot and are
///   never changed after it; the chain's own tables are excluded.
struct ChainTables {
    struct Versioned {
        let name: String
        let digest: RowDigest
    }

    struct Records {
        let name: String
        /// Column naming the snapshot the row belongs to (`id` for `snapshots`).
        let snapshotColumn: String
        let digest: RowDigest
    }

    let versioned: [Versioned]
    let records: [Records]

    static let chainTables: Set<String> = ["snapshot_chain", "snapshot_chain_tables", "chain_anchors"]

    static func discover(_ connection: OpaquePointer) throws -> ChainTables {
        let s = try RawStatement(
            connection,
            """
            SELECT t.name, c.name FROM sqlite_schema t, pragma_table_info(t.name) c
            WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND t.name NOT LIKE 'grdb\\_%' ESCAPE '\\'
            ORDER BY t.name, c.cid
            """)
        var columns: [(String, [String])] = []
        while try s.step() {
            guard let table = s.text(0), let column = s.text(1) else { continue }
            if columns.last?.0 == table { columns[columns.count - 1].1.append(column) } else { columns.append((table, [column])) }
        }
        var versioned: [Versioned] = []
        var records: [Records] = []
        for (table, cols) in columns where !chainTables.contains(table) {
            if cols.contains("valid_from") && cols.contains("valid_to") {
                versioned.append(Versioned(name: table, digest: RowDigest(table: table, columns: cols.filter { $0 != "valid_to" })))
            } else if table == "snapshots" {
                records.append(Records(name: table, snapshotColumn: "id", digest: RowDigest(table: table, columns: cols)))
            } else if cols.contains("snapshot_id") {
                records.append(Records(name: table, snapshotColumn: "snapshot_id", digest: RowDigest(table: table, columns: cols)))
            }
        }
        return ChainTables(versioned: versioned, records: records)
    }
}
