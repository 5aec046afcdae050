import PostureChecks
import PostureStore

/// Builds a ``Report`` from the `findings` stored for one snapshot: never re-runs a check.
///
/// Reads `findings` (scoped to the snapshot through ``ReadOnlyDatabase/scope(toSnapshot:)``),
/// `snapshots`, `snapshot_collectors`, and for availability and charts `engines_history`,
/// `containers_history`, `daemons_history` and `vulnerabilities_history` when they exist.
public struct ReportLoader {
    let db: ReadOnlyDatabase
    let catalog: CheckCatalog

    public init(db: ReadOnlyDatabase, catalog: CheckCatalog) {
        self.db = db
        self.catalog = catalog
    }

    /// The report of `snapshot` (already resolved, e.g. by ``SnapshotSelector``); availability
    /// covers snapshots `since...snapshot` (default: from the first snapshot).
    public func load(
        snapshot: Int64, filters: ReportFilters = .none, since: Int64? = nil, withTimeline: Bool = false
    ) throws -> Report {
        guard try db.relationNames().contains("findings") else { throw ReportError.noFindingsTable(path: db.path) }
        // The latest snapshot is the current state: the main views (`valid_to IS NULL`, an
        // index lookup) already answer for it. Older snapshots go through the scoped views.
        let latest = try db.query("SELECT max(id) FROM main.snapshots").rows.first?.first?.int
        if snapshot != latest && db.snapshot != snapshot { try db.scope(toSnapshot: snapshot) }
        let info = try db.snapshotInfo(snapshot)
        let stored = try loadResults(snapshot == latest ? Self.latestResultsSQL : Self.scopedResultsSQL)
            .filter { filters.admits(section: $0.section, severity: $0.severity) }

        var notes: [String] = []
        if stored.isEmpty {
            notes.append(
                filters == .none
                    ? "no check results are stored for snapshot \(snapshot) (checks are evaluated by `posture collect`)"
                    : "no check results match the filters")
        }
        let checks = summaries(of: stored)
        let unknown = checks.filter { !$0.known }.map(\.checkID)
        if !unknown.isEmpty {
            notes.append("checks unknown to this build (stored titles shown, no remediation): " + unknown.joined(separator: ", "))
        }

        var totals = StatusCounts()
        var bySeverity: [Severity: StatusCounts] = [:]
        var sections: [String: StatusCounts] = [:]
        for result in stored {
            totals.add(result.status)
            bySeverity[result.severity, default: StatusCounts()].add(result.status)
            sections[result.section, default: StatusCounts()].add(result.status)
        }
        let window = since ?? 1
        let availability = try AvailabilityLoader(db: db).load(from: min(window, snapshot), to: snapshot)
        let timeline = withTimeline ? try TimelineLoader(db: db).load(availability: availability) : nil
        return Report(
            snapshot: info, filters: filters, checks: checks, totals: totals, bySeverity: bySeverity,
            bySection: SectionOrder.sorted(sections.keys).map { ($0, sections[$0]!) },
            score: Score.of(stored), collectorIssues: try db.collectorIssues(snapshots: [snapshot]),
            availability: availability, timeline: timeline, notes: notes)
    }

    /// The columns ``loadResults(_:)`` reads, in its order.
    static let resultColumns = "check_id, title, severity, section, resource, status, reason, sql_hash"

    /// The latest snapshot's results: its open versions, read in (check_id, resource) order
    /// straight from the open-key index (`findings_key ... WHERE valid_to IS NULL`), which
    /// holds exactly them in that order. Through the `findings` view SQLite picks the
    /// `valid_to` index and sorts every row afterwards, a third of the read.
    static let latestResultsSQL = """
        SELECT \(resultColumns) FROM main.findings_versions INDEXED BY findings_key
        WHERE valid_to IS NULL ORDER BY check_id, resource
        """

    /// An older snapshot's results, through the snapshot-scoped TEMP view `findings`
    /// (valid_from <= N AND (valid_to IS NULL OR valid_to > N) over findings_versions).
    static let scopedResultsSQL = "SELECT \(resultColumns) FROM findings ORDER BY check_id, resource"

    private func loadResults(_ sql: String) throws -> [StoredResult] {
        // Rows come by check, so a row repeats most of the previous row's texts: those are
        // reused rather than made again (a snapshot has tens of thousands of findings).
        var results: [StoredResult] = []
        var last: StoredResult?
        try db.forEachRow(sql) { row in
            let severity = row.text(2, reusing: last?.severity.rawValue) ?? ""
            let status = row.text(5, reusing: last?.status.rawValue) ?? ""
            let result = StoredResult(
                checkID: row.text(0, reusing: last?.checkID) ?? "", title: row.text(1, reusing: last?.title) ?? "",
                severity: Severity(rawValue: severity) ?? .info, section: row.text(3, reusing: last?.section) ?? "",
                resource: row.text(4) ?? "", status: CheckStatus(rawValue: status) ?? .error,
                reason: row.text(6, reusing: last?.reason) ?? "", sqlHash: row.text(7, reusing: last?.sqlHash) ?? "")
            results.append(result)
            last = result
            return true
        }
        return results
    }

    /// One summary per check id, in catalog order (section, id); unknown checks after known
    /// ones of their section.
    func summaries(of results: [StoredResult]) -> [CheckSummary] {
        let summaries = Self.groupedByCheck(results).map { rows -> CheckSummary in
            let id = rows[0].checkID
            var counts = StatusCounts()
            rows.forEach { counts.add($0.status) }
            let check = catalog.check(id: id)
            let first = rows[0]
            return CheckSummary(
                checkID: id, title: check?.title ?? first.title,
                severity: check?.severity ?? rows.map(\.severity).max() ?? .info,
                section: check?.section.rawValue ?? first.section, cis: check?.cis, rationale: check?.rationale,
                remediation: check?.remediation, known: check != nil,
                sqlChanged: check.map { c in rows.contains { $0.sqlHash != c.sqlHash } } ?? false,
                results: Self.alarmsFirst(rows),
                counts: counts)
        }
        let position = Dictionary(uniqueKeysWithValues: catalog.checks.enumerated().map { ($1.id, $0) })
        return summaries.sorted { a, b in
            let sa = SectionOrder.rank(a.section)
            let sb = SectionOrder.rank(b.section)
            if sa != sb { return sa < sb }
            let pa = position[a.checkID] ?? Int.max
            let pb = position[b.checkID] ?? Int.max
            if pa != pb { return pa < pb }
            return a.checkID < b.checkID
        }
    }
}

extension ReportLoader {
    /// Results grouped by check id, each group in the order it had in `results`, which must
    /// arrive ordered by check id (``loadResults(from:)`` asks SQLite for that order), so the
    /// groups are runs.
    static func groupedByCheck(_ results: [StoredResult]) -> [[StoredResult]] {
        var groups: [[StoredResult]] = []
        var start = results.startIndex
        for i in results.indices.dropFirst() where results[i].checkID != results[i - 1].checkID {
            groups.append(Array(results[start..<i]))
            start = i
        }
        if start < results.endIndex { groups.append(Array(results[start...])) }
        return groups
    }

    /// One check's results, alarms first, each part by resource. Results loaded in resource
    /// order only need the alarms moved to the front, which keeps the cost linear.
    static func alarmsFirst(_ rows: [StoredResult]) -> [StoredResult] {
        // By index: iterating the rows would copy each result (and retain its strings).
        if rows.indices.dropFirst().allSatisfy({ !(rows[$0].resource < rows[$0 - 1].resource) }) {
            var ordered: [StoredResult] = []
            ordered.reserveCapacity(rows.count)
            for i in rows.indices where rows[i].status == .alarm { ordered.append(rows[i]) }
            for i in rows.indices where rows[i].status != .alarm { ordered.append(rows[i]) }
            return ordered
        }
        return rows.sorted { ($0.status == .alarm ? 0 : 1, $0.resource) < ($1.status == .alarm ? 0 : 1, $1.resource) }
    }
}

/// Report order of sections: the ``Section`` order, unknown section names after them by name.
enum SectionOrder {
    static func rank(_ section: String) -> Int {
        Section.allCases.firstIndex { $0.rawValue == section } ?? Section.allCases.count
    }

    static func sorted<S: Sequence>(_ sections: S) -> [String] where S.Element == String {
        sections.sorted { (rank($0), $0) < (rank($1), $1) }
    }
}
