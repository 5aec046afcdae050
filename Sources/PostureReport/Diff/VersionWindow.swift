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

    /// The A-side and B-side rows of `storage`: every column, or only `columns` (a comma-separated
    /// list) when the caller needs a few of a large table's (findings).
    static func load(
        _ storage: String, columns: String = "*", in db: ReadOnlyDatabase, a: Int64, b: Int64
    ) throws -> (atA: [NamedRow], atB: [NamedRow]) {
        let closed = try db.query(closedSQL(storage, columns: columns, a: a, b: b))
        let opened = try db.query(openedSQL(storage, columns: columns, a: a, b: b))
        return (NamedRow.rows(of: closed), NamedRow.rows(of: opened))
    }
}
