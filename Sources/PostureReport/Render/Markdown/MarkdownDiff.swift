/// The Markdown diff: summary, new / resolved / changed alarms, per-table changes with
/// field-level old → new, vulnerabilities, caveats and availability.
struct MarkdownDiff {
    let diff: Diff

    func render() -> String {
        let (a, b) = (diff.from, diff.to)
        var lines = ["# Posture diff: snapshot \(a.id) → \(b.id)", ""]
        lines.append("From \(a.takenAt) (\(a.status)) to \(b.takenAt) (\(b.status)).")
        if let filter = FilterText.of(diff.filters) { lines.append("Filters: \(MD.text(filter)) (findings only).") }
        lines += ["", "**" + MD.text(DiffSummary.line(diff)) + "**"]
        lines += findings("New alarms", diff.findings.new)
        lines += findings("Resolved alarms", diff.findings.resolved)
        lines += findings("Changed alarms", diff.findings.changed)
        for table in diff.tables where !table.isEmpty { lines += tableLines(table) }
        if let v = diff.vulnerabilities, !v.isEmpty {
            lines += ["", "## vulnerabilities (\(v.introduced.count) introduced, \(v.fixed.count) fixed)", ""]
            let rows = v.introduced.map { ("introduced", $0) } + v.fixed.map { ("fixed", $0) }
            lines += MD.table(
                ["change", "severity", "vulnerability", "package", "installed", "fixed in", "image"],
                rows.map { change, x in
                    [change, x.severity, MD.code(x.vulnerabilityID), MD.text(x.package), MD.text(x.installedVersion),
                     MD.text(x.fixedVersion ?? "—"), MD.code(x.imageID)]
                })
        }
        if !diff.collectorIssues.isEmpty {
            lines += ["", "## Collectors that did not succeed", ""]
            lines += diff.collectorIssues.map { "- \($0.snapshotID == a.id ? "A" : "B") (snapshot \($0.snapshotID)): " + MD.text($0.sentence) }
        }
        lines += [""] + MD.availability(diff.availability)
        return lines.joined(separator: "\n") + "\n"
    }

    private func findings(_ title: String, _ deltas: [FindingDelta]) -> [String] {
        guard !deltas.isEmpty else { return [] }
        var lines = ["", "## \(title) (\(deltas.count))", ""]
        lines += MD.table(
            ["severity", "check", "resource", "change", "remediation"],
            deltas.map { d in
                [d.severity.rawValue, MD.code(d.checkID) + " " + MD.text(d.title), MD.code(d.resource),
                 MD.text(DiffSummary.findingChange(d)), d.newStatus == "alarm" ? MD.text(d.remediation ?? "") : ""]
            })
        return lines
    }

    private func tableLines(_ table: TableDiff) -> [String] {
        var lines = ["", "## \(table.table) (\(DiffSummary.counts(table)))", ""]
        var rows: [[String]] = []
        for row in table.added { rows.append(["added", MD.code(DiffSummary.label(row)), "", "", MD.text(DiffSummary.summary(row).trimmed)]) }
        for row in table.removed { rows.append(["removed", MD.code(DiffSummary.label(row)), "", MD.text(DiffSummary.summary(row).trimmed), ""]) }
        for row in table.changed {
            for change in row.changes {
                rows.append(["changed", MD.code(DiffSummary.label(row)), MD.code(change.field), MD.text(change.old.display), MD.text(change.new.display)])
            }
        }
        if !rows.isEmpty { lines += MD.table(["change", "key", "field", "old", "new"], rows) }
        if !table.notes.isEmpty { lines += [""] + table.notes.map { "> **Note:** " + MD.text($0) } }
        return lines
    }
}
