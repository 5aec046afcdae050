import PostureStore

/// The versions of one `<table>_versions` that a diff from snapshot A to snapshot B needs, and
/// nothing else: the A side, versions that held at A and ended in (A, B]; the B side, versions
/// that began in (A, B] and still held at B. A version that held at both A and B is unchanged
/// and never read; one that began and ended inside (A, B] is an intermediate state and never
/// matters.
///
/// Each side is one SQL query over one of the two indexes every fact table has, through
/// whichever ``Route`` visits fewer index entries (counted on the index first), so a diff costs
/// time proportional to the versions opened or closed between A and B, and never more than the
/// size of the table at A and at B. The `+` in front of the other column keeps SQLite from
/// choosing the other index. For containers, `EXPLAIN QUERY PLAN` gives (asserted for every
/// table by `DiffQueryPlanTests`):
///
///     A, window: SEARCH main.containers_versions USING INDEX containers_open (valid_to>? AND valid_to<?)
///     B, window: SEARCH main.containers_versions USING INDEX containers_from (valid_from>? AND valid_from<?)
///     A, state:  SEARCH main.containers_versions USING INDEX containers_from (valid_from<?); USE TEMP B-TREE FOR ORDER BY
///     B, state:  MULTI-INDEX OR over containers_open (valid_to=?) and (valid_to>?); USE TEMP B-TREE FOR ORDER BY
enum VersionWindow {
    /// Which side of the diff a query reads.
    enum Side {
        /// Versions that held at A and stopped holding by B (ordered by `valid_to`, `row_id`).
        case a
        /// Versions that began after A and still held at B (ordered by `valid_from`, `row_id`).
        case b
    }

    /// Which index a side is read through.
    enum Route {
        /// The versions closed (A side) or opened (B side) in (A, B]: cheap when A and B are
        /// close, costly across most of a long history.
        case window
        /// The versions begun by A (A side) or still held after B (B side): about the size of
        /// the table at that snapshot, whatever lies between A and B.
        case state
    }

    /// How ``load(_:columns:in:a:b:strategy:focus:)`` picks a route for each side.
    enum Strategy {
        case window
        case states
        /// Per side, the route with fewer index entries to visit (index-only counts); a small
        /// window is read without counting the state (``smallWindow``).
        case cheapest
        /// As `cheapest`, but every window that is not empty is counted against its state, however
        /// small (tests use it to drive the counting on small histories).
        case counted
    }

    /// Keeps only the versions of keys where either side's version meets `condition` (findings:
    /// keys that are an alarm at A or at B); the other keys cannot make a delta, and a distant
    /// diff need not make rows of them. `key` names text columns; `condition` is SQL over the
    /// table's columns.
    struct Focus {
        let key: [String]
        let condition: String
    }

    /// The SQL of one side through one route; `ordered` adds the side's order (a subquery needs none).
    static func sql(
        _ storage: String, columns: String = "*", side: Side, route: Route, a: Int64, b: Int64, ordered: Bool = true
    ) -> String {
        let range: String
        let order: String
        switch (side, route) {
        case (.a, .window):
            range = "valid_to > \(a) AND valid_to <= \(b) AND +valid_from <= \(a)"
            order = "valid_to, row_id"
        case (.a, .state):
            range = "valid_from <= \(a) AND +valid_to > \(a) AND +valid_to <= \(b)"
            order = "+valid_to, row_id"
        case (.b, .window):
            range = "valid_from > \(a) AND valid_from <= \(b) AND (+valid_to IS NULL OR +valid_to > \(b))"
            order = "valid_from, row_id"
        case (.b, .state):
            range = "(valid_to IS NULL OR valid_to > \(b)) AND +valid_from > \(a) AND +valid_from <= \(b)"
            order = "+valid_from, row_id"
        }
        return """
            SELECT \(columns) FROM main.\(SQL.identifier(storage))
            WHERE \(range)\(ordered ? "\nORDER BY \(order)" : "")
            """
    }

    /// The A-side and B-side rows of `storage`: every column (`nil`), or only `columns` when the
    /// caller needs a few of a large table's (findings) or can do without a wide one
    /// (`raw_json`). Every strategy returns the same rows in the same order (A side by
    /// `valid_to`, B side by `valid_from`, then `row_id`), which `VersionWindowTests` holds them to.
    static func load(
        _ storage: String, columns wanted: [String]? = nil, in db: ReadOnlyDatabase, a: Int64, b: Int64,
        strategy: Strategy = .cheapest, focus: Focus? = nil
    ) throws -> (atA: [NamedRow], atB: [NamedRow]) {
        let columns = wanted.map { $0.map(SQL.identifier).joined(separator: ", ") } ?? "*"
        // A route of nil: the side's window is empty, so is the side, and it is not queried
        // (most tables of an adjacent diff).
        let routeA: Route?
        let routeB: Route?
        switch strategy {
        case .window: (routeA, routeB) = (.window, .window)
        case .states: (routeA, routeB) = (.state, .state)
        case .cheapest: (routeA, routeB) = try cheapest(storage, in: db, a: a, b: b)
        case .counted: (routeA, routeB) = try cheapest(storage, in: db, a: a, b: b, smallWindow: 1)
        }
        guard let focus else {
            func rows(_ side: Side, _ route: Route?) throws -> [NamedRow] {
                guard let route else { return [] }
                return NamedRow.rows(of: try db.query(sql(storage, columns: columns, side: side, route: route, a: a, b: b)))
            }
            return (try rows(.a, routeA), try rows(.b, routeB))
        }
        // Two passes: each side's keys, row ids and whether the condition holds (a few short
        // columns, no row made); then the full rows of the kept row ids only.
        let keyColumns = focus.key.map { "ifnull(\(SQL.identifier($0)), 'NULL')" }.joined(separator: " || char(31) || ")
        let probe = "row_id, \(keyColumns), (\(focus.condition))"
        func keys(_ side: Side, _ route: Route?) throws -> [(id: Int64, key: String, meets: Bool)] {
            var found: [(id: Int64, key: String, meets: Bool)] = []
            guard let route else { return found }
            try db.forEachRow(sql(storage, columns: probe, side: side, route: route, a: a, b: b, ordered: false)) { row in
                found.append((row.value(0).int ?? 0, row.text(1) ?? "", row.value(2) == .int(1)))
                return true
            }
            return found
        }
        let keysA = try keys(.a, routeA)
        let keysB = try keys(.b, routeB)
        let meetsA = Set(keysA.lazy.filter(\.meets).map(\.key))
        let meetsB = Set(keysB.lazy.filter(\.meets).map(\.key))
        let keptA = keysA.filter { $0.meets || meetsB.contains($0.key) }.map(\.id)
        let keptB = keysB.filter { $0.meets || meetsA.contains($0.key) }.map(\.id)
        func rows(_ side: Side, _ ids: [Int64]) throws -> [NamedRow] {
            ids.isEmpty ? [] : NamedRow.rows(of: try db.query(rowsSQL(storage, columns: columns, side: side, ids: ids)))
        }
        return (try rows(.a, keptA), try rows(.b, keptB))
    }

    /// The rows with `ids` (read by row id), in the order of `side`.
    static func rowsSQL(_ storage: String, columns: String = "*", side: Side, ids: [Int64]) -> String {
        """
        SELECT \(columns) FROM main.\(SQL.identifier(storage))
        WHERE row_id IN (\(ids.map(String.init).joined(separator: ", ")))
        ORDER BY \(side == .a ? "valid_to" : "valid_from"), row_id
        """
    }

    /// A window with fewer index entries than this is read through itself without counting the
    /// state: the state route could save at most this many entries, less than the count costs.
    static let smallWindow = 64

    /// The route of each side with fewer index entries to visit (index-only counts), `nil`
    /// for a side whose window holds no entry (nothing to read).
    ///
    /// Both windows are first counted in one statement, up to ``smallWindow``: a side whose
    /// window is empty or small is settled there (most tables of an adjacent diff). Otherwise
    /// both routes of the side are counted up to a cap that grows fourfold until one of them
    /// falls under it, so counting costs a few times the cheaper route, never the dearer one:
    /// an adjacent diff never counts a whole state, a distant one never a whole history.
    static func cheapest(
        _ storage: String, in db: ReadOnlyDatabase, a: Int64, b: Int64, smallWindow: Int = smallWindow
    ) throws -> (a: Route?, b: Route?) {
        let windows = try db.query(windowsSQL(storage, a: a, b: b, cap: smallWindow)).rows.first ?? []
        func route(_ side: Side, window small: Int64) throws -> Route? {
            if small == 0 { return nil }
            if small < smallWindow { return .window }
            var cap = 1024
            while true {
                let row = try db.query(countsSQL(storage, side: side, a: a, b: b, cap: cap)).rows.first ?? []
                let window = row.first?.int ?? 0
                let state = row.count > 1 ? row[1].int ?? 0 : 0
                if window == 0 { return nil }
                if window < cap || state < cap { return state < window ? .state : .window }
                cap *= 4
            }
        }
        return (
            try route(.a, window: windows.first?.int ?? 0),
            try route(.b, window: windows.count > 1 ? windows[1].int ?? 0 : 0)
        )
    }

    /// One row: the index entries of the A side's window and of the B side's, each counted up
    /// to `cap`.
    static func windowsSQL(_ storage: String, a: Int64, b: Int64, cap: Int) -> String {
        let table = "main." + SQL.identifier(storage)
        return """
            SELECT (SELECT count(*) FROM (SELECT 1 FROM \(table) WHERE valid_to > \(a) AND valid_to <= \(b) LIMIT \(cap))),
                   (SELECT count(*) FROM (SELECT 1 FROM \(table) WHERE valid_from > \(a) AND valid_from <= \(b) LIMIT \(cap)))
            """
    }

    /// One row: the index entries of `side`'s window route and of its state route, each
    /// counted up to `cap`.
    static func countsSQL(_ storage: String, side: Side, a: Int64, b: Int64, cap: Int) -> String {
        let table = "main." + SQL.identifier(storage)
        func count(_ predicate: String) -> String {
            "(SELECT count(*) FROM (SELECT 1 FROM \(table) WHERE \(predicate) LIMIT \(cap)))"
        }
        switch side {
        case .a:
            return "SELECT \(count("valid_to > \(a) AND valid_to <= \(b)")), \(count("valid_from <= \(a)"))"
        case .b:
            return "SELECT \(count("valid_from > \(a) AND valid_from <= \(b)")), min(\(count("valid_to IS NULL")) + \(count("valid_to > \(b)")), \(cap))"
        }
    }
}
