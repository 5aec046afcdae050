import PostureStore

/// Aligned columns for terminals; NULL shows as an empty cell, long cells are cut at 60
/// characters with an ellipsis, newlines shown as ⏎.
enum TableFormatter {
    static let maxWidth = 60

    static func render(_ result: QueryResult) -> String {
        let header = result.columns
        let cells = result.rows.map { row in row.map { cell($0) } }
        var widths = header.map { $0.count }
        for row in cells {
            for (i, value) in row.enumerated() { widths[i] = max(widths[i], value.count) }
        }
        func line(_ values: [String]) -> String {
            values.enumerated().map { i, v in
                i == values.count - 1 ? v : v.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in cells { out += line(row) + "\n" }
        out += "(\(result.rows.count) row\(result.rows.count == 1 ? "" : "s")\(result.truncated ? ", truncated" : ""))\n"
        return out
    }

    static func cell(_ value: SQLValue) -> String {
        var text = value.text ?? ""
        text = text.replacingOccurrences(of: "\n", with: "⏎")
        if text.count > maxWidth { text = String(text.prefix(maxWidth - 1)) + "…" }
        return text
    }
}
