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
        return out + "\""
    }
}
