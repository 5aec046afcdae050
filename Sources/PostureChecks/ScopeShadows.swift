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
    /// `resources` (either means it must be evaluated whole). Uses `prepared` when it was made
    /// by ``prepare(_:in:)`` of these shadows and not used yet, and prepares them now otherwise.
    func evaluate(
        _ checks: [Check], keys: [[String]], resources: Set<String>, in db: Database, prepared: Prepared? = nil
    ) throws -> [String: [[FactValue]]] {
        let prepared = try prepared.flatMap { $0.claim(for: self) } ?? prepare([], in: db)
        defer { try? dropShadows(in: db) }
        for key in keys { try prepared.insertKey.execute(arguments: StatementArguments(key)) }
        for fill in prepared.fills { try fill.execute() }
        var results: [String: [[FactValue]]] = [:]
        for check in checks {
            let statement: Statement?
            if let ahead = prepared.statements[check.id] {
                statement = ahead
            } else {
                statement = try? db.makeStatement(sql: check.sql)
            }
            guard let statement else { continue }
            let outcome = CheckRunner.findingRows(check, statement: statement)
            guard outcome.error == nil,
                outcome.rows.allSatisfy({ $0[FindingsTable.resourceIndex].textValue.map(resources.contains) == true })
            else { continue }
            results[check.id] = outcome.rows
        }
        return results
    }

    /// Creates the key table and the shadows, empty, and prepares the statements that fill them
    /// and those of `checks` against them: ``evaluate(_:keys:resources:in:prepared:)`` then only
    /// runs them. `collect` does this while the engines still answer, so that preparing the
    /// per-container checks (most of their cost on a small change) is off the critical path.
    ///
    /// Until the shadows are dropped (by the evaluation, or ``Prepared/discard(in:)``), they
    /// hide the public views they are named after from every statement of the connection: the
    /// caller must not read those views meanwhile. Statements prepared here stay valid while the
    /// schema does not change; SQLite prepares one again by itself when it does.
    func prepare(_ checks: [Check], in db: Database) throws -> Prepared {
        try dropShadows(in: db)
        let columns = keyColumns.map { "\($0) TEXT NOT NULL" }.joined(separator: ", ")
        try db.execute(
            sql: "CREATE TEMP TABLE \(keyTable) (\(columns), PRIMARY KEY (\(keyColumns.joined(separator: ", ")))) WITHOUT ROWID")
        let placeholders = Array(repeating: "?", count: keyColumns.count).joined(separator: ", ")
        let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO temp.\(keyTable) VALUES (\(placeholders))")
        let join = keyColumns.map { "v.\($0) = s.\($0)" }.joined(separator: " AND ")
        var fills: [Statement] = []
        for view in views {
            let rows = "SELECT v.* FROM temp.\(keyTable) s CROSS JOIN main.\(view) v ON \(join)"
            // Created from the same SELECT as it is filled with: the same columns and affinities.
            try db.execute(sql: "CREATE TEMP TABLE \(view) AS \(rows) LIMIT 0")
            fills.append(try db.makeStatement(sql: "INSERT INTO temp.\(view) \(rows)"))
        }
        var statements: [String: Statement] = [:]
        for check in checks {
            // One that fails to prepare is prepared again (and fails) when it is evaluated.
            statements[check.id] = try? db.makeStatement(sql: check.sql)
        }
        return Prepared(shadows: self, insertKey: insert, fills: fills, statements: statements)
    }

    /// The shadows of ``prepare(_:in:)``, empty, with the statements prepared against them; for
    /// one evaluation. Holds GRDB statements: use it only on the connection that made it.
    final class Prepared: @unchecked Sendable {
        let shadows: ScopeShadows
        fileprivate let insertKey: Statement
        fileprivate let fills: [Statement]
        /// By check id; a check missing here is prepared when it is evaluated.
        fileprivate let statements: [String: Statement]
        private var spent = false

        fileprivate init(shadows: ScopeShadows, insertKey: Statement, fills: [Statement], statements: [String: Statement]) {
            self.shadows = shadows
            self.insertKey = insertKey
            self.fills = fills
            self.statements = statements
        }

        /// Itself, marked used, when it is of `shadows` and was not used or discarded yet.
        fileprivate func claim(for shadows: ScopeShadows) -> Prepared? {
            guard !spent, shadows.keyTable == self.shadows.keyTable else { return nil }
            spent = true
            return self
        }

        /// Drops the shadows unless an evaluation already did: afterwards the public views
        /// read whole again. Call it before anything else reads them.
        func discard(in db: Database) throws {
            guard !spent else { return }
            spent = true
            try shadows.dropShadows(in: db)
        }
    }

    fileprivate func dropShadows(in db: Database) throws {
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
