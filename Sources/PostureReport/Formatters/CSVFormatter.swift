import PostureStore

/// RFC 4180 CSV with a header row; NULL is an empty field.
enum CSVFormatter {
    static func render(_ result: QueryResult) -> String {
        var out = result.columns.map(field).joined(separator: ",") + "\r\n"
        for row in result.rows {
            out += row.map { field($0.text ?? "") }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func field(_ text: String) -> String {
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }
}
