import PostureStore

/// The versions of one `<table>_versions` that a diff from snapshot A to snapshot B needs, and
/// nothing else: the versions that held at A and ended in (A, B], and the versions that began in
/// (A, B] and still held at B. A version that held at both A and B is unchanged and never read;
/// one that began and ended inside (A, B] is an intermediate state and never matters.
///
/// Each query is a range over one of the two indexes every fact table has, so a diff costs time
/// proportional to the versions opened or closed between A and B, not to history. The `+` in
/// front of the other column keeps SQLite from choosing the other index. For containers,
/// `EXPLAIN QUERY PLAN` gives (asserted for every table by `DiffQueryPlanTests`):
///
///     closed: SEARCH main.containers_versions USING INDEX containers_open (valid_to>? AND valid_to<?)
///     opened: SEARCH main.containers_versions USING INDEX containers_from (valid_from>? AND valid_from<?)
enum VersionWindow {
    /// Versions that held at `a` and stopped holding by `b`: the "A side" of changed keys.
    static func closedSQL(_ storage: String, columns: String = "*", a: Int64, b: Int64) -> String {
        """
        SELECT \(columns) FROM main.\(SQL.identifier(storage))
        WHERE valid_to > \(a) AND valid_to <= \(b) AND +valid_from <= \(a)
        """
    }

    /// Versions that began after `a` and still held at `b`: the "B side" of changed keys.
    static func openedSQL(_ storage: String, columns: String = "*", a: Int64, b: Int64) -> String {
        """
        SELECT \(columns) FROM main.\(SQL.identifier(storage))
        WHERE valid_from > \(a) AND valid_from <= \(b) AND (+valid_to IS NULL OR +valid_to > \(b))
        """
    }

    /// How ``load(_:columns:in:a:b:strategy:)`` finds the versions.
    enum Strategy {
        /// Versions closed and opened in (A, B]: two index ranges over the window. Cheap when
        /// A and B are close, costly across most of a long history.
        case window
        /// The whole state at A and at B, each from the index that reaches it with fewer
        /// entries, minus the versions the two share. Cheap when A and B are far apart: the
        /// cost is the size of the table at A and at B, not the history between them.
        case states
        /// Whichever costs fewer rows, by counting index entries first (index-only counts).
        case cheapest
    }

    /// The A-side and B-side rows of `storage`: every column (`nil`), or only `columns` when the
    /// caller needs a few of a large table's (findings) or can do without a wide one (`raw_json`). Both strategies return
    /// the same rows in the same order (A side by `valid_to`, B side by `valid_from`, then
    /// `row_id`), which `VersionWindowTests` holds them to.
    static func load(
        _ storage: String, columns wanted: [String]? = nil, in db: ReadOnlyDatabase, a: Int64, b: Int64,
        strategy: Strategy = .cheapest
    ) throws -> (atA: [NamedRow], atB: [NamedRow]) {
        let columns = wanted.map { $0.map(SQL.identifier).joined(separator: ", ") } ?? "*"
        if strategy == .window || (strategy == .cheapest && !statesAreCheaper(storage, in: db, a: a, b: b)) {
            let closed = try db.query(closedSQL(storage, columns: columns, a: a, b: b))
            let opened = try db.query(openedSQL(storage, columns: columns, a: a, b: b))
            return (NamedRow.rows(of: closed), NamedRow.rows(of: opened))
        }
        // The states are matched and ordered by these bookkeeping columns.
        let selected = wanted.map { list in
            (list + ["row_id", "valid_from", "valid_to"].filter { !list.contains($0) }).map(SQL.identifier).joined(separator: ", ")
        } ?? "*"
        let stateA = try state(storage, columns: selected, at: a, in: db)
        let stateB = try state(storage, columns: selected, at: b, in: db)
        let idsA = Set(stateA.map { $0["row_id"].int ?? 0 })
        let idsB = Set(stateB.map { $0["row_id"].int ?? 0 })
        func order(_ rows: [NamedRow], by column: String) -> [NamedRow] {
            let keys = rows.map { ($0[column].int ?? .max, $0["row_id"].int ?? 0) }  // looked up once, not per comparison
            return rows.indices.sorted { keys[$0] < keys[$1] }.map { rows[$0] }
        }
        return (
            order(stateA.filter { !idsB.contains($0["row_id"].int ?? 0) }, by: "valid_to"),
            order(stateB.filter { !idsA.contains($0["row_id"].int ?? 0) }, by: "valid_from")
        )
    }

    /// Whether reading the states at A and B touches fewer index entries than the window
    /// between them (a state is about the size of the open versions; a margin keeps short
    /// windows on the window queries, which need no de-duplication).
    private static func statesAreCheaper(_ storage: String, in db: ReadOnlyDatabase, a: Int64, b: Int64) -> Bool {
        let table = "main." + SQL.identifier(storage)
        guard let window = try? count(db, "SELECT count(*) FROM \(table) WHERE valid_to > \(a) AND valid_to <= \(b)")
            + count(db, "SELECT count(*) FROM \(table) WHERE valid_from > \(a) AND valid_from <= \(b)"),
            let open = try? count(db, "SELECT count(*) FROM \(table) WHERE valid_to IS NULL")
        else { return false }
        return window > 4 * open + 256
    }

    /// SQL of the versions that held at snapshot `x`, through the `valid_from` index.
    static func stateFromSQL(_ storage: String, columns: String = "*", at x: Int64) -> String {
        """
        SELECT \(columns) FROM main.\(SQL.identifier(storage))
        WHERE valid_from <= \(x) AND (+valid_to IS NULL OR +valid_to > \(x))
        """
    }

    /// SQL of the versions that held at snapshot `x`, through the `valid_to` index: the open
    /// ones (`open: true`) or the ones closed after `x`.
    static func stateToSQL(_ storage: String, columns: String = "*", at x: Int64, open: Bool) -> String {
        """
        SELECT \(columns) FROM main.\(SQL.identifier(storage))
        WHERE \(open ? "valid_to IS NULL" : "valid_to > \(x)") AND +valid_from <= \(x)
        """
    }

    /// The versions that held at `x`, read through whichever index has fewer entries to visit.
    private static func state(_ storage: String, columns: String, at x: Int64, in db: ReadOnlyDatabase) throws -> [NamedRow] {
        let table = "main." + SQL.identifier(storage)
        let viaFrom = try count(db, "SELECT count(*) FROM \(table) WHERE valid_from <= \(x)")
        let viaTo = try count(db, "SELECT count(*) FROM \(table) WHERE valid_to IS NULL")
            + count(db, "SELECT count(*) FROM \(table) WHERE valid_to > \(x)")
        if viaFrom <= viaTo {
            return NamedRow.rows(of: try db.query(stateFromSQL(storage, columns: columns, at: x)))
        }
        return NamedRow.rows(of: try db.query(stateToSQL(storage, columns: columns, at: x, open: true)))
            + NamedRow.rows(of: try db.query(stateToSQL(storage, columns: columns, at: x, open: false)))
    }

    private static func count(_ db: ReadOnlyDatabase, _ sql: String) throws -> Int {
        Int(try db.query(sql).rows.first?.first?.int ?? 0)
    }
}
