import PostureStore

/// A GitHub-flavoured Markdown table; pipes escaped, newlines as `<br>`.
enum MarkdownFormatter {
    static func render(_ result: QueryResult) -> String {
        func cell(_ text: String) -> String {
            text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: "<br>")
        }
        var out = "| " + result.columns.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + result.columns.map { _ in " --- |" }.joined() + "\n"
        for row in result.rows {
            out += "| " + row.map { cell($0.text ?? "") }.joined(separator: " | ") + " |\n"
        }
        return out
    }
}
