/// The HTML diff: one self-contained file with the summary, new / resolved / changed alarms,
/// per-table changes with old → new values, vulnerabilities, charts over A..B and availability.
struct HTMLDiff {
    let diff: Diff
    let options: RenderOptions

    func render() -> String {
        let (a, b) = (diff.from, diff.to)
        var body = "<header class=\"top\"><h1>Posture diff</h1><span class=\"meta\">snapshot \(a.id) (\(H.escape(a.takenAt)), "
            + "\(H.escape(a.status))) → snapshot \(b.id) (\(H.escape(b.takenAt)), \(H.escape(b.status))) · \(H.escape(b.host))</span></header>"
        body += cards()
        body += "<p><strong>\(H.escape(DiffSummary.line(diff)))</strong></p>"
        body += findings("New alarms", diff.findings.new, withRemediation: true)
        body += findings("Resolved alarms", diff.findings.resolved, withRemediation: false)
        body += findings("Changed alarms", diff.findings.changed, withRemediation: false)
        for table in diff.tables where !table.isEmpty { body += tableSection(table) }
        if let v = diff.vulnerabilities, !v.isEmpty {
            body += "<h2>Vulnerabilities (\(v.introduced.count) introduced, \(v.fixed.count) fixed)</h2>"
            let rows = v.introduced.map { ("<span class=\"remove\">introduced</span>", $0) } + v.fixed.map { ("<span class=\"add\">fixed</span>", $0) }
            body += H.table(
                ["change", "severity", "vulnerability", "package", "installed", "fixed in", "image"],
                rows.map { change, x in
                    [change, H.escape(x.severity), H.code(x.vulnerabilityID), H.escape(x.package), H.escape(x.installedVersion),
                     H.escape(x.fixedVersion ?? "—"), H.code(x.imageID)]
                })
        }
        if !diff.collectorIssues.isEmpty {
            body += "<h2>Collectors that did not succeed</h2><ul>"
            body += diff.collectorIssues.map { "<li>\($0.snapshotID == a.id ? "A" : "B") (snapshot \($0.snapshotID)): \(H.escape($0.sentence))</li>" }.joined()
            body += "</ul>"
        }
        body += HTMLTimeline.section(diff.timeline, engines: diff.availability.engines.map(\.engineID))
        body += "<h2>Availability</h2>" + H.availability(diff.availability)
        return HTMLPage.document(
            title: "Posture diff — snapshot \(a.id) → \(b.id)", body: body, footer: "posture \(H.escape(options.toolVersion))")
    }

    private func cards() -> String {
        let changedRows = diff.tables.reduce(0) { $0 + $1.added.count + $1.removed.count + $1.changed.count }
        let changedTables = diff.tables.filter { !($0.added.isEmpty && $0.removed.isEmpty && $0.changed.isEmpty) }.count
        var out = "<div class=\"cards\">"
        out += "<div class=\"card\"><div class=\"label\">New alarms</div><div class=\"big\" style=\"color:var(--high)\">\(diff.findings.new.count)</div></div>"
        out += "<div class=\"card\"><div class=\"label\">Resolved alarms</div><div class=\"big\" style=\"color:var(--ok)\">\(diff.findings.resolved.count)</div></div>"
        out += "<div class=\"card\"><div class=\"label\">Rows changed</div><div class=\"big\">\(changedRows)</div>"
            + "<div class=\"muted\">in \(changedTables) table\(changedTables == 1 ? "" : "s")</div></div>"
        if let v = diff.vulnerabilities {
            out += "<div class=\"card\"><div class=\"label\">Vulnerabilities</div><div class=\"big\">+\(v.introduced.count) / −\(v.fixed.count)</div>"
                + "<div class=\"muted\">introduced / fixed</div></div>"
        }
        return out + "</div>"
    }

    private func findings(_ title: String, _ deltas: [FindingDelta], withRemediation: Bool) -> String {
        guard !deltas.isEmpty else { return "" }
        var header = ["severity", "check", "resource", "change"]
        if withRemediation { header.append("remediation") }
        return "<h2>\(H.escape(title)) (\(deltas.count))</h2>" + H.table(header, deltas.map { d in
            var row = [H.badge(d.severity), H.code(d.checkID) + " " + H.escape(d.title), H.code(d.resource), H.escape(DiffSummary.findingChange(d))]
            if withRemediation { row.append(H.escape(d.remediation ?? "")) }
            return row
        })
    }

    private func tableSection(_ table: TableDiff) -> String {
        var out = "<h2>\(H.escape(table.table)) <span class=\"muted\">(\(H.escape(DiffSummary.counts(table))))</span></h2>"
        var rows: [[String]] = []
        for row in table.added { rows.append(["<span class=\"add\">+ added</span>", H.code(DiffSummary.label(row)), "", H.escape(DiffSummary.summary(row).trimmed)]) }
        for row in table.removed { rows.append(["<span class=\"remove\">− removed</span>", H.code(DiffSummary.label(row)), "", H.escape(DiffSummary.summary(row).trimmed)]) }
        for row in table.changed {
            for c in row.changes {
                rows.append(["<span class=\"change\">~ changed</span>", H.code(DiffSummary.label(row)), H.code(c.field),
                             H.escape(c.old.display) + " → " + H.escape(c.new.display)])
            }
        }
        if !rows.isEmpty { out += H.table(["change", "key", "field", "value"], rows) }
        for note in table.notes { out += "<p class=\"note\">\(H.escape(note))</p>" }
        return out
    }
}
