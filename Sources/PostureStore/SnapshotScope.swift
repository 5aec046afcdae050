import Foundation

/// Builds the TEMP views that make the public views answer "as of" one snapshot.
///
/// Every public current-state view in `schema/` has the form
/// `CREATE VIEW x AS SELECT * FROM x_versions WHERE valid_to IS NULL`. For snapshot N the same
/// name is created as a TEMP view (which shadows the main one) over
/// `valid_from <= N AND (valid_to IS NULL OR valid_to > N)`. Per-snapshot sample views, declared
/// as `SELECT * FROM x_samples WHERE snapshot_id = (SELECT max(id) FROM snapshots)`, are
/// re-created over `snapshot_id = N`. `snapshots` and `snapshot_collectors` end at N.
enum SnapshotScope {
    static func tempViews(in db: ReadOnlyDatabase, snapshot: Int64) throws -> [String] {
        let views = try db.query(
            "SELECT name, sql FROM main.sqlite_schema WHERE type = 'view' ORDER BY name")
        // The snapshot list itself ends at N, so "the latest snapshot" and its taken_at mean N.
        var statements = [
            "CREATE TEMP VIEW snapshots AS SELECT * FROM main.snapshots WHERE id <= \(snapshot)",
            "CREATE TEMP VIEW snapshot_collectors AS SELECT * FROM main.snapshot_collectors WHERE snapshot_id <= \(snapshot)",
        ]
        for row in views.rows {
            guard case .text(let name) = row[0], case .text(let sql) = row[1] else { continue }
            if let table = versionsTable(inViewSQL: sql) {
                statements.append(
                    """
                    CREATE TEMP VIEW \(quote(name)) AS SELECT * FROM main.\(quote(table))
                    WHERE valid_from <= \(snapshot) AND (valid_to IS NULL OR valid_to > \(snapshot))
                    """)
            } else if let table = samplesTable(inViewSQL: sql) {
                statements.append(
                    "CREATE TEMP VIEW \(quote(name)) AS SELECT * FROM main.\(quote(table)) WHERE snapshot_id = \(snapshot)")
            }
        }
        return statements
    }

    /// `x_versions` when the view is a current-state view over it, else `nil`.
    static func versionsTable(inViewSQL sql: String) -> String? {
        match(sql, suffix: "_versions WHERE valid_to IS NULL")
    }

    /// `x_samples` when the view is a latest-snapshot view over a sample table, else `nil`.
    static func samplesTable(inViewSQL sql: String) -> String? {
        match(sql, suffix: "_samples WHERE snapshot_id = (SELECT max(id) FROM snapshots)")
    }

    private static func match(_ sql: String, suffix: String) -> String? {
        let compact = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard compact.hasSuffix(suffix), let from = compact.range(of: " AS SELECT * FROM ") else { return nil }
        let rest = compact[from.upperBound...]
        let table = rest.prefix { $0 != " " }
        guard rest.dropFirst(table.count) == " WHERE " + suffix.split(separator: " WHERE ", maxSplits: 1)[1] else {
            return nil
        }
        return String(table)
    }
}
