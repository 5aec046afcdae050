import Foundation
import PostureFacts

/// One value of a query result, as SQLite returned it.
public enum SQLValue: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])

    /// Text for display and CSV; `nil` for NULL; blobs as lower-case hex.
    public var text: String? {
        switch self {
        case .null: return nil
        case .int(let v): return String(v)
        case .double(let v): return String(v)
        case .text(let v): return v
        case .blob(let b): return b.lowercaseHex
        }
    }
}

/// Columns and rows of one statement's result; `truncated` when the row cap stopped it.
public struct QueryResult: Sendable {
    public var columns: [String]
    public var rows: [[SQLValue]]
    public var truncated: Bool

    public init(columns: [String], rows: [[SQLValue]], truncated: Bool = false) {
        self.columns = columns
        self.rows = rows
        self.truncated = truncated
    }

    /// The value of `column` in row `index`, or NULL when the column does not exist.
    public func value(_ column: String, row index: Int) -> SQLValue {
        guard let i = columns.firstIndex(of: column) else { return .null }
        return rows[index][i]
    }
}
