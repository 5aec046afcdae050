import PostureChecks

/// The text diff: a one-line summary, new / resolved / changed alarms, then per table added (+),
/// removed (−) and changed (~) rows with field-level old → new, vulnerabilities, collector
/// caveats and availability over A..B.
struct TextDiff {
    let diff: Diff
    let style: TextStyle

    func render() -> String {
        var lines: [String] = []
        let (a, b) = (diff.from, diff.to)
        lines.append(
            style.bold("Posture diff: snapshot \(a.id) → \(b.id)") + " (\(a.takenAt), \(a.status) → \(b.takenAt), \(b.status))")
        if let filter = FilterText.of(diff.filters) { lines.append("Filters: " + filter + " (findings only)") }
        lines.append(DiffSummary.line(diff))
        lines.append(contentsOf: findingLines("New alarms", diff.findings.new, color: style.red))
        lines.append(contentsOf: findingLines("Resolved alarms", diff.findings.resolved, color: style.green))
        lines.append(contentsOf: findingLines("Changed alarms", diff.findings.changed, color: { $0 }))
        for table in diff.tables where !table.isEmpty { lines.append(contentsOf: tableLines(table)) }
        if let v = diff.vulnerabilities, !v.isEmpty {
            lines.append("")
            lines.append(style.bold("vulnerabilities") + " (\(v.introduced.count) introduced, \(v.fixed.count) fixed)")
            for x in v.introduced { lines.append("  " + style.red("+") + " " + DiffSummary.vulnerability(x)) }
            for x in v.fixed { lines.append("  " + style.green("−") + " " + DiffSummary.vulnerability(x)) }
        }
        if !diff.collectorIssues.isEmpty {
            lines.append("")
            lines.append(style.bold("Collectors that did not succeed"))
            for issue in diff.collectorIssues {
                lines.append("  \(issue.snapshotID == a.id ? "A" : "B") (snapshot \(issue.snapshotID)): " + issue.sentence)
            }
        }
        lines.append("")
        lines.append(contentsOf: AvailabilityText.lines(diff.availability, style: style))
        return lines.joined(separator: "\n") + "\n"
    }

    private func findingLines(_ title: String, _ deltas: [FindingDelta], color: (String) -> String) -> [String] {
        guard !deltas.isEmpty else { return [] }
        var lines = ["", style.bold(title) + " (\(deltas.count))"]
        for d in deltas {
            lines.append(
                "  " + style.severity(d.severity, d.severity.rawValue.uppercased()) + " " + color(d.checkID) + ": \(d.title)"
                    + (d.known ? "" : style.dim(" (check unknown to this build)")))
            lines.append("    \(d.resource): " + DiffSummary.findingChange(d))
            if d.newStatus == "alarm", d.oldStatus != "alarm", let remediation = d.remediation {
                lines.append("    Remediation: " + remediation)
            }
        }
        return lines
    }

    private func tableLines(_ table: TableDiff) -> [String] {
        var lines = ["", style.bold(table.table) + " (" + DiffSummary.counts(table) + ")"]
        for row in table.added {
            lines.append("  " + style.green("+") + " " + DiffSummary.label(row) + DiffSummary.summary(row))
        }
        for row in table.removed {
            lines.append("  " + style.red("−") + " " + DiffSummary.label(row) + DiffSummary.summary(row))
        }
        for row in table.changed {
            lines.append("  " + style.yellow("~") + " " + DiffSummary.label(row))
            for change in row.changes {
                lines.append("      \(change.field): \(clipped(change.old.display, 60)) → \(clipped(change.new.display, 60))")
            }
        }
        for note in table.notes { lines.append("  " + style.yellow("note: ") + note) }
        return lines
    }
}

/// Sentences shared by the text, markdown and HTML diff.
enum DiffSummary {
    /// `1 new alarm, 2 resolved; containers +1 −1 ~1; vulnerabilities +3 −1`, or `No changes ...`.
    static func line(_ diff: Diff) -> String {
        if diff.isEmpty { return "No changes between snapshot \(diff.from.id) and snapshot \(diff.to.id)." }
        var parts = [
            "\(diff.findings.new.count) new alarm\(diff.findings.new.count == 1 ? "" : "s"), \(diff.findings.resolved.count) resolved"
        ]
        for table in diff.tables where !(table.added.isEmpty && table.removed.isEmpty && table.changed.isEmpty) {
            parts.append("\(table.table) " + counts(table, short: true))
        }
        if let v = diff.vulnerabilities, !v.isEmpty { parts.append("vulnerabilities +\(v.introduced.count) −\(v.fixed.count)") }
        return parts.joined(separator: "; ")
    }

    static func counts(_ table: TableDiff, short: Bool = false) -> String {
        if short { return "+\(table.added.count) −\(table.removed.count) ~\(table.changed.count)" }
        return "\(table.added.count) added, \(table.removed.count) removed, \(table.changed.count) changed"
    }

    /// `web /data @ unix:///var/run/docker.sock`
    static func label(_ row: RowDelta) -> String {
        let label = row.label
        guard let engine = row.engineID else { return label }
        return label.isEmpty ? engine : "\(label) @ \(engine)"
    }

    /// ` (image nginx:1.27, privileged 0)` or empty.
    static func summary(_ row: RowDelta) -> String {
        guard !row.summary.isEmpty else { return "" }
        return " (" + row.summary.map { "\($0.column) \(clipped($0.value.display, 40))" }.joined(separator: ", ") + ")"
    }

    /// `ok → alarm: runs privileged ...`, `alarm → gone (resource no longer present)`.
    static func findingChange(_ d: FindingDelta) -> String {
        let old = d.oldStatus ?? "absent"
        let new = d.newStatus ?? "gone"
        var text = "\(old) → \(new)"
        if d.newStatus == "alarm" {
            if d.oldStatus == "alarm", let before = d.oldReason, before != d.newReason { text += ": \(before) → \(d.newReason ?? "")" }
            else if let reason = d.newReason { text += ": \(reason)" }
        } else if let reason = d.newReason {
            text += ": \(reason)"
        } else {
            text += " (the resource is no longer present)"
        }
        return text
    }

    /// `high CVE-2024-1 openssl 3.0.1 (fixed in 3.0.2) in sha256:abc…`
    static func vulnerability(_ v: VulnerabilityDelta) -> String {
        "\(v.severity) \(v.vulnerabilityID) \(v.package) \(v.installedVersion)"
            + (v.fixedVersion.map { " (fixed in \($0))" } ?? " (no fix known)") + " in \(clipped(v.imageID, 24))"
    }
}
