import GRDB
import PostureFacts

/// Evaluates checks with some public views narrowed to a few keys, inside a collect's
/// transaction: the machinery ``ContainerScope`` and ``ImageScope`` share.
///
/// While ``evaluate(_:keys:resources:in:)`` runs, TEMP tables named like the narrowed views
/// shadow them with only the rows of the keys in scope: SQLite looks an unqualified name up in
/// `temp` before `main`, so a check's SQL runs unchanged, as a user would run it in the
/// `sqlite3` shell, and sees just those keys. The other views are left whole.
///
/// Each shadow is filled once from its public view, starting from the keys in scope (`CROSS
/// JOIN` keeps that order) and looking their rows up by the open-version key index: filtering the
/// open rows with `IN` instead made SQLite scan them all, twice as slow at 10 of 1,000
/// containers. Tables, not views: a shadow view was expanded again into every check that read
/// it, which made preparing the 45 per-container checks cost more than running them (about 2 ms
/// each at 1,000 containers). A table holds the same values with the same column affinities
/// (`CREATE TABLE ... AS` takes them from the view's columns).
///
/// Reads the narrowed views; writes the connection's `temp` schema only (a key table and the
/// shadows, dropped again before ``evaluate(_:keys:resources:in:)`` returns).
struct ScopeShadows {
    /// The TEMP table holding the keys in scope.
    let keyTable: String
    /// The key columns every narrowed view has (`engine_id`, `container_id`).
    let keyColumns: [String]
    /// The public views to narrow.
    let views: [String]

    /// Runs each check with ``views`` narrowed to `keys` (values in ``keyColumns`` order): its
    /// findings rows, or `nil` for a check that failed here or named a resource outside
    /// `resources` (either means it must be evaluated whole).
    func evaluate(_ checks: [Check], keys: [[String]], resources: Set<String>, in db: Database) throws
        -> [String: [[FactValue]]]
    {
        try dropShadows(in: db)
        let columns = keyColumns.map { "\($0) TEXT NOT NULL" }.joined(separator: ", ")
        try db.execute(
            sql: "CREATE TEMP TABLE \(keyTable) (\(columns), PRIMARY KEY (\(keyColumns.joined(separator: ", ")))) WITHOUT ROWID")
        defer { try? dropShadows(in: db) }
        let placeholders = Array(repeating: "?", count: keyColumns.count).joined(separator: ", ")
        let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO temp.\(keyTable) VALUES (\(placeholders))")
        for key in keys { try insert.execute(arguments: StatementArguments(key)) }
        let join = keyColumns.map { "v.\($0) = s.\($0)" }.joined(separator: " AND ")
        for view in views {
            try db.execute(sql: "CREATE TEMP TABLE \(view) AS SELECT v.* FROM temp.\(keyTable) s CROSS JOIN main.\(view) v ON \(join)")
        }
        var results: [String: [[FactValue]]] = [:]
        for check in checks {
            guard let statement = try? db.makeStatement(sql: check.sql) else { continue }
            let outcome = CheckRunner.findingRows(check, statement: statement)
            guard outcome.error == nil,
                outcome.rows.allSatisfy({ $0[FindingsTable.resourceIndex].textValue.map(resources.contains) == true })
            else { continue }
            results[check.id] = outcome.rows
        }
        return results
    }

    private func dropShadows(in db: Database) throws {
        for view in views { try db.execute(sql: "DROP TABLE IF EXISTS temp.\(view)") }
        try db.execute(sql: "DROP TABLE IF EXISTS temp.\(keyTable)")
    }

    /// Whether `count` keys are more than half the open rows of the versions table `table`: a
    /// scope that large is evaluated whole, which then costs less than copying its rows into the
    /// shadows and replacing the findings of each key one by one (half of 5,000 containers
    /// changed: 2.4 s scoped).
    static func coversMost(_ count: Int, of table: String, in db: Database) throws -> Bool {
        guard count > 0 else { return false }
        let open = try Int.fetchOne(db, sql: "SELECT count(*) FROM main.\(table) WHERE valid_to IS NULL") ?? 0
        return count * 2 > open
    }

    /// SQL of the keys that gained or lost a version in snapshot `?1` in `table`.
    static func changedKeys(_ columns: String, in table: String) -> String {
        """
        SELECT \(columns) FROM main.\(table) WHERE valid_from = ?1
        UNION SELECT \(columns) FROM main.\(table) WHERE valid_to = ?1
        """
    }
}
