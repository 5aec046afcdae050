import PostureChecks
import PostureStore

/// Computes a ``Diff`` between snapshots A and B (A older).
///
/// For every fact table the database has (``DiffTableSpec/all``), only the versions that began or
/// ended in (A, B] are read (``VersionWindow``), keyed on stable identities and compared field by
/// field (``TableDiffer``). When the collector that owns a table failed, was skipped or did not
/// run for an engine in A or in B, that engine's removals and changes in the table are not
/// reported (its facts there are stale, not gone) and a note says so; additions are still listed.
/// Findings come from `findings_versions` the same way (``FindingsDiffer``), vulnerabilities from
/// `vulnerabilities_history` when it exists (``VulnerabilityDiffer``). Findings, vulnerabilities
/// and availability are read on a second connection at the same time as the fact tables
/// (``backgroundRead(path:_:)``).
public struct DiffLoader {
    let db: ReadOnlyDatabase
    /// The check catalogue, perhaps still loading: it is needed only once the findings are
    /// compared (for titles and remediation), so `report` loads it meanwhile.
    let catalog: Background<CheckCatalog>

    public init(db: ReadOnlyDatabase, catalog: CheckCatalog) {
        self.init(db: db, catalog: Background(done: catalog))
    }

    public init(db: ReadOnlyDatabase, catalog: Background<CheckCatalog>) {
        self.db = db
        self.catalog = catalog
    }

    /// A and B from what the user typed (ids, dates, ages, `latest`): none → the two latest
    /// complete snapshots; one → that one and the latest complete snapshot; two → both.
    public func resolveSides(_ specs: [String]) throws -> (from: Int64, to: Int64) {
        let complete = try db.query("SELECT id FROM main.snapshots WHERE status = 'complete' ORDER BY id DESC LIMIT 2")
            .rows.compactMap { $0.first?.int }
        let a: Int64
        let b: Int64
        switch specs.count {
        case 0:
            guard complete.count == 2 else { throw ReportError.notEnoughCompleteSnapshots(found: complete.count) }
            (a, b) = (complete[1], complete[0])
        case 1:
            guard let latest = complete.first else { throw ReportError.notEnoughCompleteSnapshots(found: 0) }
            (a, b) = (try SnapshotSelector.resolve(specs[0], in: db), latest)
        default:
            (a, b) = (try SnapshotSelector.resolve(specs[0], in: db), try SnapshotSelector.resolve(specs[1], in: db))
        }
        guard a < b else { throw ReportError.sidesReversed(from: a, to: b) }
        return (a, b)
    }

    public func load(from a: Int64, to b: Int64, filters: ReportFilters = .none, withTimeline: Bool = false) throws -> Diff {
        guard a < b else { throw ReportError.sidesReversed(from: a, to: b) }
        let relations = try db.relationNames()
        guard relations.contains("findings_versions") else { throw ReportError.noFindingsTable(path: db.path) }
        let from = try db.snapshotInfo(a)
        let to = try db.snapshotInfo(b)
        let statuses = try CollectorStatuses(db: db, snapshots: [a, b])
        // Findings, vulnerabilities and availability are read on a second connection while this
        // one reads the fact tables.
        let hasVulnerabilities = relations.contains("vulnerabilities_history")
        let otherRead = backgroundRead(path: db.path) { [catalog] other in
            let window = try VersionWindow.load(
                "findings_versions", columns: FindingsDiffer.columns, in: other, a: a, b: b, focus: FindingsDiffer.focus)
            let findings = FindingsDiffer(catalog: try catalog.value(), filters: filters).diff(atA: window.atA, atB: window.atB)
            let vulnerabilities = hasVulnerabilities ? try VulnerabilityDiffer(db: other).diff(a: a, b: b) : nil
            return (findings, vulnerabilities, try AvailabilityLoader(db: other).load(from: a, to: b))
        }

        let specs = DiffTableSpec.all.filter { relations.contains($0.storage) }
        var windows: [String: (atA: [NamedRow], atB: [NamedRow])] = [:]
        var columns: [String: [String]] = [:]
        let stored = try db.tableColumns()
        for spec in specs {
            columns[spec.table] = stored[spec.storage] ?? []
            // `raw_json` is never compared (its fields are, one by one) and is most of a row's bytes.
            let read = columns[spec.table]!.filter { !(spec.ignored.contains($0) && $0 == "raw_json") }
            windows[spec.table] = try VersionWindow.load(spec.storage, columns: read, in: db, a: a, b: b)
        }

        var names = ContainerNames()
        if let containers = windows["containers"] {
            names.seed(containers.atA, snapshot: a)
            names.seed(containers.atB, snapshot: b)
        }
        for (side, snapshot) in [(0, a), (1, b)] {
            var wanted: [String: Set<String>] = [:]
            for spec in specs where spec.childOfContainer {
                let rows = side == 0 ? windows[spec.table]!.atA : windows[spec.table]!.atB
                for row in rows {
                    if let engine = row["engine_id"].text, let id = row["container_id"].text { wanted[engine, default: []].insert(id) }
                }
            }
            if !wanted.isEmpty && relations.contains("containers_versions") {
                try names.resolve(wanted, snapshot: snapshot, in: db)
            }
        }

        var tables: [TableDiff] = []
        var primaryOwners: Set<String> = []
        for spec in specs {
            let window = windows[spec.table]!
            let engines = Set((window.atA + window.atB).compactMap { $0["engine_id"].text })
            let verdict = statuses.verdict(for: spec, engines: engines, a: a, b: b)
            let differ = TableDiffer(spec: spec, columns: columns[spec.table]!, a: a, b: b)
            var diff = differ.diff(
                atA: window.atA, atB: window.atB, names: names, withheldEngines: verdict.withheld, notes: verdict.notes)
            let primary = primaryOwners.insert(spec.owner).inserted
            if !primary && diff.withheld == 0 && !diff.notes.isEmpty {
                diff = TableDiff(
                    table: diff.table, keyColumns: diff.keyColumns, added: diff.added, removed: diff.removed,
                    changed: diff.changed, notes: [], withheld: 0)
            }
            tables.append(diff)
        }

        let (findings, vulnerabilities, availability) = try otherRead.value()
        return Diff(
            from: from, to: to, filters: filters, findings: findings, tables: tables, vulnerabilities: vulnerabilities,
            availability: availability, collectorIssues: try db.collectorIssues(snapshots: [a, b]),
            timeline: withTimeline ? try TimelineLoader(db: db).load(availability: availability) : nil)
    }
}

/// `snapshot_collectors` rows of A and B: which collectors ran for which engine, and how.
struct CollectorStatuses {
    /// snapshot → collector → engine ("" for host-wide) → (status, error)
    private var rows: [Int64: [String: [String: (status: String, error: String?)]]] = [:]

    init(db: ReadOnlyDatabase, snapshots: [Int64]) throws {
        let ids = snapshots.map(String.init).joined(separator: ", ")
        let result = try db.query(
            "SELECT snapshot_id, collector, engine_id, status, error FROM main.snapshot_collectors WHERE snapshot_id IN (\(ids))")
        for row in result.rows {
            rows[row[0].int ?? 0, default: [:]][row[1].text ?? "", default: [:]][row[2].text ?? ""] = (row[3].text ?? "", row[4].text)
        }
    }

    func engines(collector: String, snapshot: Int64) -> Set<String> {
        Set((rows[snapshot]?[collector] ?? [:]).keys.filter { !$0.isEmpty })
    }

    /// Engines whose removals and changes in `spec` can not be trusted, and the notes saying why.
    func verdict(for spec: DiffTableSpec, engines touched: Set<String>, a: Int64, b: Int64) -> (withheld: Set<String>, notes: [String]) {
        let engines = touched.union(engines(collector: spec.owner, snapshot: a)).union(engines(collector: spec.owner, snapshot: b))
        var withheld: Set<String> = []
        var notes: [String] = []
        for engine in engines.sorted() {
            for (side, snapshot) in [("A", a), ("B", b)] {
                guard let row = rows[snapshot]?[spec.owner]?[engine] else {
                    if spec.table != "engines" { withheld.insert(engine) }
                    notes.append("\(spec.table) of engine \(engine) not collected in \(side) (snapshot \(snapshot): no \(spec.owner) collector ran for it)")
                    continue
                }
                let why = row.error.map { ": \($0)" } ?? ""
                switch row.status {
                case "failed", "skipped":
                    if spec.table == "engines" {
                        notes.append("engine \(engine) unreachable in \(side) (snapshot \(snapshot)\(why))")
                    } else {
                        withheld.insert(engine)
                        notes.append(
                            "\(spec.table) of engine \(engine) not collected in \(side) (snapshot \(snapshot): \(spec.owner) \(row.status)\(why))")
                    }
                case "partial":
                    notes.append(
                        "\(spec.table) of engine \(engine) partially collected in \(side) (snapshot \(snapshot)\(why)); rows it could not read are not reported as removed")
                default:
                    break
                }
            }
        }
        return (withheld, notes)
    }
}
