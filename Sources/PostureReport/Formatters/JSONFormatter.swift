import Foundation
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

    /// Appends `text` escaped, without its quotes. Text that needs no escape (nearly every
    /// resource, reason and id) is appended whole: escaping scalar by scalar was about 40% of a
    /// JSON report at 1,000 containers.
    static func quote(_ text: String, into out: inout String) {
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
    }
}
