import Foundation

/// Any JSON value, decoded strictly (a JSON `true` is never the number 1), for flattening
/// configuration files into `key = value` settings.
enum JSONValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    static func parse(_ text: String, path: String) throws(HostError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw .malformed(path: path, reason: "not valid JSON (\(Self.reason(error)))")
        }
    }

    private static func reason(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return context.debugDescription
        }
        return "\(error)"
    }

    /// Scalar text: strings as they are, numbers and booleans as JSON writes them; arrays
    /// comma separated; objects as compact JSON.
    var text: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .number(let value): return String(value)
        case .string(let value): return value
        case .array(let values): return values.map(\.text).joined(separator: ",")
        case .object(let members):
            let inner = members.keys.sorted().map { "\"\($0)\":\(members[$0]!.jsonText)" }
            return "{" + inner.joined(separator: ",") + "}"
        }
    }

    private var jsonText: String {
        switch self {
        case .string(let value):
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\""
        case .array(let values): return "[" + values.map(\.jsonText).joined(separator: ",") + "]"
        default: return text
        }
    }

    /// Leaves as `(dotted.key, text)`, nested objects joined with dots, sorted by key. An empty
    /// object is kept as `{}` so that the key is still visible.
    func flattened(prefix: String = "") -> [(key: String, value: String)] {
        guard case .object(let members) = self, !members.isEmpty || prefix.isEmpty else {
            return [(prefix, text)]
        }
        return members.keys.sorted().flatMap { key in
            members[key]!.flattened(prefix: prefix.isEmpty ? key : prefix + "." + key)
        }
    }
}
