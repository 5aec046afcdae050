import PostureStore

/// Loads ``Availability`` for a window of snapshots: outages from `snapshot_collectors` (the
/// `engine` collector failed), daemon restarts from `daemons_versions` (a new version whose
/// `started_at` differs from the engine's previous version), and for a restart with
/// `engines.live_restore = 0` the containers running in the snapshot just before.
///
/// Every query is bounded by the window through an index: `snapshot_collectors(snapshot_id)`,
/// `daemons_versions(valid_from)` / `(valid_to)`, and for counts as of a snapshot the open
/// versions (`valid_to IS NULL`) plus those closed after it (`valid_to > S`).
struct AvailabilityLoader {
    let db: ReadOnlyDatabase

    /// Availability over snapshots `from...to`; restarts are those first seen in `(from, to]`.
    func load(from: Int64, to: Int64) throws -> Availability {
        let count = try db.query("SELECT count(*) FROM main.snapshots WHERE id BETWEEN \(from) AND \(to)")
            .rows.first?.first?.int ?? 0
        var attempted: [String: Int] = [:]
        for row in try db.query(
            """
            SELECT engine_id, count(*) FROM main.snapshot_collectors
            WHERE snapshot_id BETWEEN \(from) AND \(to) AND collector = 'engine' AND engine_id IS NOT NULL
            GROUP BY engine_id
            """
        ).rows {
            attempted[row[0].text ?? ""] = Int(row[1].int ?? 0)
        }
        var outages: [String: [Outage]] = [:]
        for row in try db.query(
            """
            SELECT c.engine_id, c.snapshot_id, s.taken_at, c.error
            FROM main.snapshot_collectors c JOIN main.snapshots s ON s.id = c.snapshot_id
            WHERE c.snapshot_id BETWEEN \(from) AND \(to) AND c.collector = 'engine' AND c.status = 'failed'
            ORDER BY c.snapshot_id
            """
        ).rows {
            outages[row[0].text ?? "", default: []].append(
                Outage(snapshotID: row[1].int ?? 0, takenAt: row[2].text ?? "", error: row[3].text))
        }

        var notes: [String] = []
        var restarts: [String: [DaemonRestart]] = [:]
        if try db.relationNames().contains("daemons_versions") {
            for restart in try loadRestarts(from: from, to: to) {
                restarts[restart.engine, default: []].append(restart.restart)
            }
        } else {
            notes.append("this database has no daemons table: daemon restarts are not known")
        }
        let engines = Set(attempted.keys).union(outages.keys).union(restarts.keys).sorted()
        return Availability(
            fromSnapshot: from, toSnapshot: to, snapshotCount: Int(count),
            engines: engines.map {
                EngineAvailability(
                    engineID: $0, attempted: attempted[$0] ?? 0, outages: outages[$0] ?? [], restarts: restarts[$0] ?? [])
            },
            notes: notes)
    }

    private func loadRestarts(from: Int64, to: Int64) throws -> [(engine: String, restart: DaemonRestart)] {
        let opened = try db.query(
            """
            SELECT d.engine_id, d.started_at, d.valid_from, s.taken_at
            FROM main.daemons_versions d JOIN main.snapshots s ON s.id = d.valid_from
            WHERE d.valid_from > \(from) AND d.valid_from <= \(to)
            ORDER BY d.valid_from, d.engine_id
            """)
        var found: [(String, DaemonRestart)] = []
        for row in opened.rows {
            let engine = row[0].text ?? ""
            let startedAt = row[1].text
            let snapshot = row[2].int ?? 0
            // The engine's previous daemon version: the one closed last at or before this one opened.
            let previous = try db.query(
                """
                SELECT started_at FROM main.daemons_versions
                WHERE valid_to <= \(snapshot) AND engine_id = \(SQL.literal(engine))
                ORDER BY valid_to DESC LIMIT 1
                """
            ).rows.first
            guard let previous, previous[0].text != startedAt else { continue }
            let before = try db.query("SELECT max(id) FROM main.snapshots WHERE id < \(snapshot)").rows.first?.first?.int
            var liveRestore: Bool?
            var running: Int?
            if let before {
                liveRestore = try self.liveRestore(engine: engine, at: before)
                if liveRestore == false { running = try runningContainers(engine: engine, at: before) }
            }
            found.append(
                (engine,
                 DaemonRestart(
                    snapshotID: snapshot, takenAt: row[3].text ?? "", previousSnapshotID: before,
                    previousStartedAt: previous[0].text, startedAt: startedAt, liveRestore: liveRestore,
                    runningBefore: running)))
        }
        return found
    }

    /// `engines.live_restore` of `engine` as of snapshot `s`.
    private func liveRestore(engine: String, at s: Int64) throws -> Bool? {
        let value = try db.query(
            """
            SELECT live_restore FROM main.engines_versions
            WHERE engine_id = \(SQL.literal(engine)) AND valid_from <= \(s) AND (valid_to IS NULL OR valid_to > \(s))
            """
        ).rows.first?.first?.int
        return value.map { $0 != 0 }
    }

    /// Running containers of `engine` as of snapshot `s`: open versions, plus versions closed
    /// after `s` (each part through its index), both started at or before `s`.
    private func runningContainers(engine: String, at s: Int64) throws -> Int {
        let e = SQL.literal(engine)
        return Int(
            try db.query(
                """
                SELECT (SELECT count(*) FROM main.containers_versions
                        WHERE valid_to IS NULL AND engine_id = \(e) AND running = 1 AND valid_from <= \(s))
                     + (SELECT count(*) FROM main.containers_versions
                        WHERE valid_to > \(s) AND engine_id = \(e) AND running = 1 AND valid_from <= \(s))
                """
            ).rows.first?.first?.int ?? 0)
    }
}
