import PostureChecks
import PostureStore

/// Loads the ``Timeline`` series of a window for the HTML charts.
///
/// Alarm counts come from one pass over the alarm versions of `findings_versions` that overlap
/// the window (a version counts in every sampled snapshot within `[valid_from, valid_to)`),
/// vulnerability counts likewise from `vulnerabilities_history`, so the cost is the number of
/// versions, not versions × snapshots.
struct TimelineLoader {
    let db: ReadOnlyDatabase

    func load(availability: Availability) throws -> Timeline {
        let from = availability.fromSnapshot
        let to = availability.toSnapshot
        let snapshots = try db.query("SELECT id, taken_at FROM main.snapshots WHERE id BETWEEN \(from) AND \(to) ORDER BY id")
            .rows.map { (id: $0[0].int ?? 0, takenAt: $0[1].text ?? "") }
        let sampled = Self.sample(snapshots.count, max: Timeline.maxPoints).map { snapshots[$0] }
        let ids = sampled.map(\.id)

        let alarmRows = try db.query(
            """
            SELECT severity, valid_from, valid_to FROM main.findings_versions
            WHERE status = 'alarm' AND valid_from <= \(to) AND (valid_to IS NULL OR valid_to > \(from))
            """)
        let alarms = Self.sweep(alarmRows, over: ids)

        let relations = try db.relationNames()
        let hasVulnerabilities = relations.contains("vulnerabilities_history")
        var vulnerabilities: [String: [Int]] = [:]
        if hasVulnerabilities {
            let rows = try db.query(
                """
                SELECT severity, valid_from, valid_to FROM main.vulnerabilities_history
                WHERE valid_from <= \(to) AND (valid_to IS NULL OR valid_to > \(from))
                """)
            vulnerabilities = Self.sweep(rows, over: ids)
        }
        let points = sampled.enumerated().map { i, snapshot in
            Timeline.Point(
                snapshotID: snapshot.id, takenAt: snapshot.takenAt,
                alarms: Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0, alarms[$0.rawValue]?[i] ?? 0) }),
                vulnerabilities: hasVulnerabilities
                    ? Dictionary(uniqueKeysWithValues: Timeline.vulnerabilitySeverities.map { ($0, vulnerabilities[$0]?[i] ?? 0) })
                    : [:])
        }
        return Timeline(
            points: points, hasVulnerabilities: hasVulnerabilities, snapshotIDs: snapshots.map(\.id),
            outages: Dictionary(uniqueKeysWithValues: availability.engines.map { ($0.engineID, $0.outages.map(\.snapshotID)) }),
            restarts: Dictionary(uniqueKeysWithValues: availability.engines.map { ($0.engineID, $0.restarts.map(\.snapshotID)) }))
    }

    /// Indexes of at most `max` of `count` items, evenly spread, first and last included.
    static func sample(_ count: Int, max: Int) -> [Int] {
        guard count > max, max > 1 else { return Array(0..<count) }
        var picked: [Int] = []
        for i in 0..<max {
            let index = Int((Double(i) * Double(count - 1) / Double(max - 1)).rounded())
            if picked.last != index { picked.append(index) }
        }
        return picked
    }

    /// Per label (column 0), how many `[valid_from, valid_to)` intervals (columns 1, 2) cover
    /// each of the sorted snapshot `ids`: a difference array over the sample positions.
    static func sweep(_ result: QueryResult, over ids: [Int64]) -> [String: [Int]] {
        var deltas: [String: [Int]] = [:]
        func position(_ id: Int64) -> Int {
            var low = 0
            var high = ids.count
            while low < high {
                let mid = (low + high) / 2
                if ids[mid] < id { low = mid + 1 } else { high = mid }
            }
            return low
        }
        for row in result.rows {
            let label = row[0].text ?? "unknown"
            guard let start = row[1].int else { continue }
            let first = position(start)
            let last = row[2].int.map(position) ?? ids.count
            guard first < last else { continue }
            var delta = deltas[label] ?? Array(repeating: 0, count: ids.count + 1)
            delta[first] += 1
            delta[last] -= 1
            deltas[label] = delta
        }
        return deltas.mapValues { delta in
            var running = 0
            return ids.indices.map { i in
                running += delta[i]
                return running
            }
        }
    }
}
