import PostureChecks

/// ANSI styling for the text format; every method returns its input unchanged when colours are
/// off (stdout not a terminal, `NO_COLOR` set, or `--output` given).
struct TextStyle {
    let color: Bool

    private func wrap(_ code: String, _ text: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String { wrap("1", text) }
    func dim(_ text: String) -> String { wrap("2", text) }
    func green(_ text: String) -> String { wrap("32", text) }
    func red(_ text: String) -> String { wrap("31", text) }
    func yellow(_ text: String) -> String { wrap("33", text) }

    func severity(_ severity: Severity, _ text: String) -> String {
        switch severity {
        case .critical: return wrap("1;35", text)
        case .high: return wrap("1;31", text)
        case .medium: return wrap("33", text)
        case .low: return wrap("36", text)
        case .info: return wrap("2", text)
        }
    }
}

/// Aligned plain-text columns; cells are padded before any styling is applied.
enum TextColumns {
    /// Lines of `rows` (first row = header), numeric-looking columns right-aligned, indented.
    static func render(_ rows: [[String]], indent: String = "  ", style: ((Int, Int, String) -> String)? = nil) -> [String] {
        guard let first = rows.first else { return [] }
        var widths = Array(repeating: 0, count: first.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        let numeric = (0..<first.count).map { i in rows.dropFirst().allSatisfy { i < $0.count && Int($0[i]) != nil } && rows.count > 1 }
        return rows.enumerated().map { r, row in
            let cells = row.enumerated().map { i, cell -> String in
                let padding = String(repeating: " ", count: max(0, widths[i] - cell.count))
                let padded = numeric[i] ? padding + cell : (i == row.count - 1 ? cell : cell + padding)
                return style?(r, i, padded) ?? padded
            }
            return indent + cells.joined(separator: "  ")
        }
    }
}

/// Shortens `text` to `limit` characters with an ellipsis; newlines become ⏎.
func clipped(_ text: String, _ limit: Int = 100) -> String {
    let flat = text.replacingOccurrences(of: "\n", with: "⏎")
    return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
}
