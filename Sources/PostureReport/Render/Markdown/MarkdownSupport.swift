/// Escaping and tables for GitHub-flavoured Markdown.
enum MD {
    /// Text safe inside a table cell or a line: pipes, angle brackets, emphasis marks escaped,
    /// newlines as `<br>`.
    static func text(_ value: String) -> String {
        var out = ""
        for ch in value {
            switch ch {
            case "|": out += "\\|"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "*", "_", "`", "[", "]": out += "\\" + String(ch)
            case "\n": out += "<br>"
            default: out.append(ch)
            }
        }
        return out
    }

    /// `` `code` `` with backticks inside made safe.
    static func code(_ value: String) -> String {
        "`" + value.replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "\n", with: " ") + "`"
    }

    /// A table; cells are used as given (escape them first).
    static func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> [String] {
        var lines = ["| " + header.joined(separator: " | ") + " |"]
        lines.append("|" + header.indices.map { rightAligned.contains($0) ? " ---: |" : " --- |" }.joined())
        for row in rows { lines.append("| " + row.joined(separator: " | ") + " |") }
        return lines
    }

    static func availability(_ a: Availability) -> [String] {
        var lines = ["## Availability", "", "Snapshots \(a.fromSnapshot)–\(a.toSnapshot) (\(a.snapshotCount) in all).", ""]
        if a.engines.isEmpty {
            lines.append("No engine was collected in this window.")
        } else {
            let rows = a.engines.map { e in
                [
                    code(e.engineID), "\(e.outages.count) of \(e.attempted)", e.outages.isEmpty ? "—" : e.outageRanges,
                    String(e.restarts.count),
                ]
            }
            lines += table(["engine", "unreachable", "snapshots", "daemon restarts"], rows, rightAligned: [3])
            let restarts = a.engines.flatMap { e in e.restarts.map { "- \(code(e.engineID)): daemon restart at \(text($0.sentence))" } }
            if !restarts.isEmpty { lines += [""] + restarts }
        }
        if !a.notes.isEmpty { lines += [""] + a.notes.map { "> " + text($0) } }
        return lines
    }
}
