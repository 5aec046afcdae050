import PostureChecks

/// The shell of the self-contained HTML documents: inline CSS only (system fonts, no scripts,
/// no external resources), readable on screen and in print.
enum HTMLPage {
    static func document(title: String, body: String, footer: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="posture">
        <title>\(H.escape(title))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        <main>
        \(body)
        </main>
        <footer>\(footer)</footer>
        </body>
        </html>

        """
    }

    static let style = """
        :root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --bg: #f5f7fa; --card: #ffffff;
          --critical: #8e24aa; --high: #d32f2f; --medium: #f57c00; --low: #1976d2; --info: #78909c; --ok: #2e7d32; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0; background: var(--bg); color: var(--ink);
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 8px; }
        header.top { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 16px; margin-bottom: 18px; }
        header.top h1 { font-size: 24px; margin: 0; }
        header.top .meta { color: var(--muted); }
        h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
        h3 { font-size: 15px; margin: 0 0 6px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(230px, 1fr)); gap: 14px; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px;
          box-shadow: 0 1px 2px rgba(16, 42, 67, .06); break-inside: avoid; }
        .card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
        .card .big { font-size: 34px; font-weight: 650; line-height: 1.1; }
        .card.wide { grid-column: 1 / -1; }
        .score { display: flex; align-items: center; gap: 14px; }
        table { width: 100%; border-collapse: collapse; background: var(--card); font-size: 13px; }
        th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { color: var(--muted); font-weight: 600; font-size: 12px; background: #fbfcfd; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        tr.alarm td.result { color: var(--high); font-weight: 600; }
        code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eef2f6;
          padding: 1px 4px; border-radius: 3px; overflow-wrap: anywhere; }
        .badge { display: inline-block; min-width: 64px; text-align: center; padding: 1px 7px; border-radius: 10px;
          color: #fff; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
        .sev-critical { background: var(--critical); } .sev-high { background: var(--high); }
        .sev-medium { background: var(--medium); } .sev-low { background: var(--low); } .sev-info { background: var(--info); }
        .sev-ok { background: var(--ok); }
        .alarm-block { background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--high);
          border-radius: 6px; padding: 12px 14px; margin: 12px 0; break-inside: avoid; }
        .alarm-block.critical { border-left-color: var(--critical); } .alarm-block.medium { border-left-color: var(--medium); }
        .alarm-block.low { border-left-color: var(--low); } .alarm-block.info { border-left-color: var(--info); }
        .alarm-block p { margin: 6px 0; }
        .remediation { background: #f0f7ee; border-radius: 4px; padding: 6px 10px; }
        .note { background: #fff8e1; border: 1px solid #ffe082; border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
        .muted { color: var(--muted); }
        .legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; color: var(--muted); margin-top: 4px; }
        .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
        svg { display: block; width: 100%; height: auto; }
        svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #52606d; }
        .add { color: var(--ok); font-weight: 700; } .remove { color: var(--high); font-weight: 700; }
        .change { color: var(--medium); font-weight: 700; }
        footer { max-width: 1180px; margin: 0 auto; padding: 8px 28px 28px; color: var(--muted); font-size: 12px; }
        @media print {
          body { background: #fff; font-size: 11px; }
          main { max-width: none; padding: 0; }
          .card, .alarm-block { box-shadow: none; }
          h2 { break-after: avoid; }
          tr, .card, .alarm-block, figure { break-inside: avoid; }
          .cards { grid-template-columns: repeat(3, minmax(0, 1fr)); }
          @page { margin: 14mm; }
        }
        """
}

/// HTML escaping and small fragments shared by the HTML report and diff.
enum H {
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    static func code(_ text: String) -> String { "<code>\(escape(text))</code>" }

    static func badge(_ severity: Severity) -> String {
        "<span class=\"badge sev-\(severity.rawValue)\">\(severity.rawValue)</span>"
    }

    /// A table from escaped cells; `numeric` columns right-aligned.
    static func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = [], rowClass: ((Int) -> String?)? = nil) -> String {
        var out = "<table><thead><tr>"
        for (i, h) in header.enumerated() { out += "<th\(numeric.contains(i) ? " class=\"num\"" : "")>\(escape(h))</th>" }
        out += "</tr></thead><tbody>\n"
        for (r, row) in rows.enumerated() {
            let cls = rowClass?(r).map { " class=\"\($0)\"" } ?? ""
            out += "<tr\(cls)>" + row.enumerated().map { i, cell in "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(cell)</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody></table>"
    }

    static func legend(_ items: [(label: String, color: String)]) -> String {
        "<div class=\"legend\">" + items.map { "<span><i style=\"background:\($0.color)\"></i>\(escape($0.label))</span>" }.joined() + "</div>"
    }

    static func availability(_ a: Availability) -> String {
        var out = "<p class=\"muted\">Snapshots \(a.fromSnapshot)–\(a.toSnapshot) (\(a.snapshotCount) in all).</p>"
        if a.engines.isEmpty {
            out += "<p>No engine was collected in this window.</p>"
        } else {
            out += table(
                ["engine", "unreachable", "in snapshots", "daemon restarts"],
                a.engines.map { e in
                    [code(e.engineID), "\(e.outages.count) of \(e.attempted)", escape(e.outages.isEmpty ? "—" : e.outageRanges),
                     e.restarts.isEmpty ? "0" : e.restarts.map { escape($0.sentence) }.joined(separator: "<br>")]
                })
        }
        for note in a.notes { out += "<p class=\"note\">\(escape(note))</p>" }
        return out
    }
}
