import PostureChecks

/// The HTML report: one self-contained file (inline CSS and SVG, no scripts or fetches) with the
/// score, findings by severity, by section, charts over time, every check, the alarms with
/// remediation, and availability; laid out for screen and print.
struct HTMLReport {
    let report: Report
    let options: RenderOptions

    func render() -> String {
        let s = report.snapshot
        var body = "<header class=\"top\"><h1>Posture report</h1><span class=\"meta\">snapshot \(s.id) · "
            + "\(H.escape(s.takenAt)) · \(H.escape(s.host)) · \(H.escape(s.status))</span>"
        if let filter = FilterText.of(report.filters) { body += "<span class=\"meta\">filters: \(H.escape(filter))</span>" }
        body += "</header>"
        for note in report.notes { body += "<p class=\"note\">\(H.escape(note))</p>" }
        body += summaryCards()
        if !report.bySection.isEmpty {
            body += "<h2>By section</h2>" + H.table(
                ["section", "ok", "alarm", "skip", "info", "error"],
                report.bySection.map { [H.escape($0.section)] + [$0.counts.ok, $0.counts.alarm, $0.counts.skip, $0.counts.info, $0.counts.error].map(String.init) },
                numeric: [1, 2, 3, 4, 5])
        }
        body += HTMLTimeline.section(report.timeline, engines: report.availability.engines.map(\.engineID))
        if !report.collectorIssues.isEmpty {
            body += "<h2>Collectors that did not succeed</h2><p class=\"muted\">Their facts are as last collected.</p><ul>"
            body += report.collectorIssues.map { "<li>\(H.escape($0.sentence))</li>" }.joined() + "</ul>"
        }
        let alarming = report.alarmingChecks
        if !alarming.isEmpty {
            body += "<h2>Alarms</h2>" + alarming.map(alarmBlock).joined()
        }
        if !report.checks.isEmpty {
            body += "<h2>All checks</h2>" + H.table(
                ["severity", "check", "title", "result"],
                report.checks.map { c in
                    [H.badge(c.severity), H.code(c.checkID), H.escape(c.title) + (c.known ? "" : " <span class=\"muted\">(unknown to this build)</span>"),
                     H.escape(c.alarmLine)]
                }, rowClass: { report.checks[$0].counts.alarm > 0 ? "alarm" : nil })
        }
        body += "<h2>Availability</h2>" + H.availability(report.availability)
        let footer = "posture \(H.escape(options.toolVersion)) · score = \(H.escape(Score.formula))"
        return HTMLPage.document(title: "Posture report — snapshot \(s.id) (\(s.host))", body: body, footer: footer)
    }

    private func summaryCards() -> String {
        let t = report.totals
        var out = "<div class=\"cards\">"
        out += "<div class=\"card\"><div class=\"label\">Score</div><div class=\"score\">\(SVGCharts.scoreRing(report.score))"
            + "<div><div class=\"big\">\(Score.text(report.score))</div><div class=\"muted\">severity-weighted share of passing results</div></div></div></div>"
        out += "<div class=\"card\"><div class=\"label\">Results</div><div class=\"big\">\(t.alarm) <span style=\"font-size:16px\" class=\"muted\">alarm</span></div>"
            + "<div class=\"muted\">\(t.ok) ok · \(t.skip) skip · \(t.info) info · \(t.error) error</div>"
            + "<div class=\"muted\">\(report.checks.filter { $0.counts.alarm > 0 }.count) of \(report.checks.count) checks alarm</div></div>"
        let bars = Severity.allCases.map { sev in
            (label: sev.rawValue, value: report.bySeverity[sev]?.alarm ?? 0, color: SVGCharts.severityColors[sev]!)
        }
        out += "<div class=\"card\"><div class=\"label\">Alarms by severity</div>" + SVGCharts.bars(bars, title: "alarms by severity") + "</div>"
        return out + "</div>"
    }

    private func alarmBlock(_ c: CheckSummary) -> String {
        var out = "<div class=\"alarm-block \(c.severity.rawValue)\"><h3>\(H.badge(c.severity)) \(H.escape(c.title)) \(H.code(c.checkID))</h3>"
        var meta = [H.escape(c.alarmLine)]
        if let cis = c.cis { meta.append("CIS \(H.escape(cis))") }
        out += "<p class=\"muted\">" + meta.joined(separator: " · ") + "</p>"
        if !c.known { out += "<p class=\"note\">This check is unknown to this build: the stored title is shown and no remediation is available.</p>" }
        if let rationale = c.rationale { out += "<p>\(H.escape(rationale))</p>" }
        out += H.table(["resource", "reason"], c.alarms.map { r in
            [H.code(r.resource) + (r.severity != c.severity ? " " + H.badge(r.severity) : ""), H.escape(r.reason)]
        })
        if let remediation = c.remediation { out += "<p class=\"remediation\"><strong>Remediation:</strong> \(H.escape(remediation))</p>" }
        return out + "</div>"
    }
}
