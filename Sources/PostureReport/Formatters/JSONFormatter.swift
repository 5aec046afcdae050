import Foundation
import PostureJSON
import PostureStore

/// JSON: an array of objects (`json`) or one object per line (`ndjson`); integers and reals
/// stay numbers, NULL is null, blobs are hex strings.
enum JSONFormatter {
    static func render(_ result: QueryResult, lines: Bool) -> String {
        let objects = result.rows.map { row in
            "{" + zip(result.columns, row).map { "\(quote($0)):\(value($1))" }.joined(separator: ",") + "}"
        }
        if lines { return objects.map { $0 + "\n" }.joined() }
        return "[" + objects.joined(separator: ",\n ") + "]\n"
    }

    static func value(_ value: SQLValue) -> String {
        switch value {
        case .null: return "null"
        case .int(let v): return String(v)
        case .double(let v): return v.isFinite ? String(v) : "null"
        case .text(let v): return quote(v)
        case .blob: return quote(value.text ?? "")
        }
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        quote(text, into: &out)
        out += "\""
        return out
    }

    /// Appends `text` escaped, without its quotes (see ``JSONText/appendQuoted(_:to:)``).
    static func quote(_ text: String, into out: inout String) {
        if !JSONText.needsEscape(text) {
            out += text
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 2)
        JSONText.appendQuoted(text, to: &bytes)
        out += String(decoding: bytes[1..<bytes.count - 1], as: UTF8.self)
    }
}
