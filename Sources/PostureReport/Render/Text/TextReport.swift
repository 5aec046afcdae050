import PostureChecks

/// The text report: summary first (score, counts by severity and section, one line per check),
/// then collectors that did not succeed, availability, and every alarming check with its
/// resources, reasons and remediation.
struct TextReport {
    let report: Report
    let style: TextStyle

    func render() -> String {
        var lines: [String] = []
        let s = report.snapshot
        lines.append(style.bold("Posture report: snapshot \(s.id)") + " taken \(s.takenAt) on \(s.host) (\(s.status))")
        if let filter = FilterText.of(report.filters) { lines.append("Filters: " + filter) }
        lines.append("")
        lines.append(style.bold("Score") + "    \(scoreText)")
        lines.append(style.dim("         " + Score.formula))
        let t = report.totals
        lines.append(style.bold("Results") + "  \(t.ok) ok, \(t.alarm) alarm, \(t.skip) skip, \(t.info) info, \(t.error) error")
        for note in report.notes { lines.append(style.yellow("note: ") + note) }
        lines.append("")
        lines.append(contentsOf: severityTable())
        lines.append("")
        lines.append(contentsOf: sectionTable())
        if !report.checks.isEmpty {
            lines.append("")
            lines.append(style.bold("Checks"))
            let rows = report.checks.map { c in
                [c.severity.rawValue, c.checkID, clipped(c.title, 50), c.alarmLine + (c.known ? "" : " (check unknown to this build)")]
            }
            lines.append(contentsOf: TextColumns.render(rows.isEmpty ? [] : [["severity", "check", "title", "result"]] + rows) { r, i, cell in
                r == 0 ? style.dim(cell) : i == 0 ? style.severity(report.checks[r - 1].severity, cell)
                    : i == 3 && report.checks[r - 1].counts.alarm > 0 ? style.red(cell) : cell
            })
        }
        if !report.collectorIssues.isEmpty {
            lines.append("")
            lines.append(style.bold("Collectors that did not succeed in this snapshot") + style.dim(" (their facts are as last collected)"))
            lines.append(contentsOf: report.collectorIssues.map { "  " + $0.sentence })
        }
        lines.append("")
        lines.append(contentsOf: AvailabilityText.lines(report.availability, style: style))
        let alarming = report.alarmingChecks
        if !alarming.isEmpty {
            lines.append("")
            lines.append(style.bold("Alarms"))
            for check in alarming { lines.append(contentsOf: alarmBlock(check)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var scoreText: String {
        let text = Score.text(report.score)
        guard let score = report.score else { return text }
        return score >= 90 ? style.green(text) : score >= 70 ? style.yellow(text) : style.red(text)
    }

    private func severityTable() -> [String] {
        let rows = Severity.allCases.map { severity -> [String] in
            let c = report.bySeverity[severity] ?? StatusCounts()
            return [severity.rawValue, String(c.alarm), String(c.ok), String(c.skip + c.info + c.error)]
        }
        return TextColumns.render([["severity", "alarm", "ok", "other"]] + rows) { r, i, cell in
            r == 0 ? style.dim(cell) : i == 0 ? style.severity(Severity.allCases[r - 1], cell) : cell
        }
    }

    private func sectionTable() -> [String] {
        guard !report.bySection.isEmpty else { return [] }
        let rows = report.bySection.map { section, c in
            [section, String(c.ok), String(c.alarm), String(c.skip), String(c.info), String(c.error)]
        }
        return TextColumns.render([["section", "ok", "alarm", "skip", "info", "error"]] + rows) { r, _, cell in
            r == 0 ? style.dim(cell) : cell
        }
    }

    private func alarmBlock(_ check: CheckSummary) -> [String] {
        var lines = [""]
        let cis = check.cis.map { " (CIS \($0))" } ?? ""
        lines.append(
            "  " + style.severity(check.severity, check.severity.rawValue.uppercased()) + " " + style.bold(check.checkID)
                + ": \(check.title)\(cis) — \(check.alarmLine)")
        if !check.known { lines.append("    " + style.yellow("check unknown to this build: stored title shown, no remediation available")) }
        if check.sqlChanged { lines.append("    " + style.dim("recorded by an earlier version of this check")) }
        for result in check.alarms {
            let graded = result.severity != check.severity ? " [\(result.severity.rawValue)]" : ""
            lines.append("    - \(result.resource)\(graded): \(result.reason)")
        }
        if let remediation = check.remediation { lines.append("    Remediation: " + remediation) }
        return lines
    }
}

/// `section container, severity ≥ high`, or `nil` when unfiltered.
enum FilterText {
    static func of(_ filters: ReportFilters) -> String? {
        var parts: [String] = []
        if let section = filters.section { parts.append("section \(section)") }
        if let severity = filters.minimumSeverity { parts.append("severity ≥ \(severity.rawValue)") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}

/// The availability section shared by the text report and diff.
enum AvailabilityText {
    static func lines(_ a: Availability, style: TextStyle) -> [String] {
        var lines = [style.bold("Availability") + " (snapshots \(a.fromSnapshot)–\(a.toSnapshot), \(a.snapshotCount) in all)"]
        if a.engines.isEmpty { lines.append("  no engine was collected in this window") }
        for engine in a.engines {
            if engine.outages.isEmpty {
                lines.append("  \(engine.engineID): " + style.green("reachable in every snapshot (\(engine.attempted))"))
            } else {
                lines.append(
                    "  \(engine.engineID): " + style.red("unreachable in \(engine.outages.count) of \(engine.attempted) snapshots")
                        + " (\(engine.outageRanges))")
                if let last = engine.outages.last, let error = last.error {
                    lines.append("    last error: " + clipped(error, 120))
                }
            }
            for restart in engine.restarts {
                lines.append("    daemon restart at " + restart.sentence)
            }
        }
        for note in a.notes { lines.append(style.dim("  note: " + note)) }
        return lines
    }
}
