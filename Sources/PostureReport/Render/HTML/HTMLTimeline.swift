import PostureChecks

/// The "over time" section shared by the HTML report and diff: alarms per snapshot by
/// severity, vulnerabilities per snapshot by severity (when the database has them), and engine
/// availability.
enum HTMLTimeline {
    static func section(_ timeline: Timeline?, engines: [String]) -> String {
        guard let t = timeline, !t.points.isEmpty else { return "" }
        let points = t.points.map { (id: $0.snapshotID, takenAt: $0.takenAt) }
        var out = "<h2>Over time</h2><div class=\"cards\">"
        let severities = Severity.allCases
        let alarmSeries = severities.map { sev in
            (label: sev.rawValue, color: SVGCharts.severityColors[sev]!, values: t.points.map { $0.alarms[sev] ?? 0 })
        }
        out += "<figure class=\"card wide\" style=\"margin:0\"><h3>Alarms per snapshot, by severity</h3>"
        out += SVGCharts.stackedColumns(points: points, series: alarmSeries, title: "alarms per snapshot by severity")
        out += H.legend(alarmSeries.map { ($0.label, $0.color) })
        if t.snapshotIDs.count > t.points.count {
            out += "<p class=\"muted\">\(t.points.count) of \(t.snapshotIDs.count) snapshots shown, evenly spaced.</p>"
        }
        out += "</figure>"
        if t.hasVulnerabilities {
            let series = Timeline.vulnerabilitySeverities.map { sev in
                (label: sev, color: SVGCharts.vulnerabilityColors[sev]!, values: t.points.map { $0.vulnerabilities[sev] ?? 0 })
            }
            out += "<figure class=\"card wide\" style=\"margin:0\"><h3>Vulnerabilities per snapshot, by severity</h3>"
            out += SVGCharts.stackedColumns(points: points, series: series, title: "vulnerabilities per snapshot by severity")
            out += H.legend(series.map { ($0.label, $0.color) }) + "</figure>"
        }
        if !engines.isEmpty {
            out += "<figure class=\"card wide\" style=\"margin:0\"><h3>Engine availability</h3>"
            out += SVGCharts.availability(engines: engines, snapshotIDs: t.snapshotIDs, outages: t.outages, restarts: t.restarts)
            out += H.legend([("reachable", "#a5d6a7"), ("unreachable", "#d32f2f"), ("daemon restart", "#263238")]) + "</figure>"
        }
        return out + "</div>"
    }
}
