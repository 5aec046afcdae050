import PostureChecks

/// The Markdown report: the same sections as the text report, as headings and tables
/// (suitable for a CI job summary or a pull-request comment).
struct MarkdownReport {
    let report: Report

    func render() -> String {
        let s = report.snapshot
        var lines = ["# Posture report: snapshot \(s.id)", ""]
        lines.append("Taken \(s.takenAt) on \(MD.code(s.host)) (\(s.status)).")
        if let filter = FilterText.of(report.filters) { lines.append("Filters: \(MD.text(filter)).") }
        lines.append("")
        let t = report.totals
        lines.append("**Score: \(Score.text(report.score))** — \(t.ok) ok, \(t.alarm) alarm, \(t.skip) skip, \(t.info) info, \(t.error) error.")
        lines.append("")
        lines.append("<sub>Score: \(MD.text(Score.formula)).</sub>")
        for note in report.notes { lines += ["", "> **Note:** " + MD.text(note)] }
        lines += ["", "## Summary", ""]
        lines += MD.table(
            ["severity", "alarm", "ok", "other"],
            Severity.allCases.map { sev in
                let c = report.bySeverity[sev] ?? StatusCounts()
                return [sev.rawValue, String(c.alarm), String(c.ok), String(c.skip + c.info + c.error)]
            }, rightAligned: [1, 2, 3])
        if !report.bySection.isEmpty {
            lines.append("")
            lines += MD.table(
                ["section", "ok", "alarm", "skip", "info", "error"],
                report.bySection.map { [$0.section] + [$0.counts.ok, $0.counts.alarm, $0.counts.skip, $0.counts.info, $0.counts.error].map(String.init) },
                rightAligned: [1, 2, 3, 4, 5])
        }
        if !report.checks.isEmpty {
            lines += ["", "## Checks", ""]
            lines += MD.table(
                ["severity", "check", "title", "result"],
                report.checks.map { c in
                    [c.severity.rawValue, MD.code(c.checkID), MD.text(c.title) + (c.known ? "" : " *(unknown to this build)*"),
                     c.counts.alarm > 0 ? "**\(c.alarmLine)**" : c.alarmLine]
                })
        }
        if !report.collectorIssues.isEmpty {
            lines += ["", "## Collectors that did not succeed", "", "Their facts are as last collected.", ""]
            lines += report.collectorIssues.map { "- " + MD.text($0.sentence) }
        }
        lines += [""] + MD.availability(report.availability)
        let alarming = report.alarmingChecks
        if !alarming.isEmpty {
            lines += ["", "## Alarms"]
            for check in alarming { lines += alarmBlock(check) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func alarmBlock(_ check: CheckSummary) -> [String] {
        var lines = ["", "### \(check.severity.rawValue.uppercased()): \(MD.text(check.title)) (\(MD.code(check.checkID)))", ""]
        var meta = [check.alarmLine]
        if let cis = check.cis { meta.append("CIS \(cis)") }
        lines.append(meta.joined(separator: " · "))
        if !check.known { lines += ["", "> This check is unknown to this build: the stored title is shown and no remediation is available."] }
        lines.append("")
        lines += MD.table(
            ["resource", "reason"],
            check.alarms.map { [MD.code($0.resource) + ($0.severity != check.severity ? " (\($0.severity.rawValue))" : ""), MD.text($0.reason)] })
        if let remediation = check.remediation { lines += ["", "**Remediation:** " + MD.text(remediation)] }
        return lines
    }
}
