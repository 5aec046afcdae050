import Foundation
import PostureStore

/// Output formats of `posture query` (and any tabular listing).
public enum QueryFormat: String, CaseIterable, Sendable {
    case table, csv, json, ndjson, markdown

    /// Renders `result` as text ending with a newline.
    public func render(_ result: QueryResult) -> String {
        switch self {
        case .table: return TableFormatter.render(result)
        case .csv: return CSVFormatter.render(result)
        case .json: return JSONFormatter.render(result, lines: false)
        case .ndjson: return JSONFormatter.render(result, lines: true)
        case .markdown: return MarkdownFormatter.render(result)
        }
    }
}
