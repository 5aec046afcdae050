import PostureStore

/// A JSON document with object keys kept in the order they were given, so machine-readable
/// output has stable field names and a stable layout; rendered with two-space indentation.
/// Not `indirect`: arrays and members already hold their elements out of line, and boxing every
/// node cost a heap allocation per value of a large diff.
enum JSONValue {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    static func int(_ value: Int) -> JSONValue { .int(Int64(value)) }
    static func double(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }

    /// The SQL value as JSON: integers and reals stay numbers, NULL is null, blobs hex text.
    static func sql(_ value: SQLValue) -> JSONValue {
        switch value {
        case .null: return .null
        case .int(let v): return .int(v)
        case .double(let v): return .double(v)
        case .text(let v): return .string(v)
        case .blob: return .string(value.text ?? "")
        }
    }

    /// The document followed by a newline.
    func rendered() -> String {
        var out = ""
        out.reserveCapacity(1 << 16)
        write(into: &out, depth: 0)
        out += "\n"
        return out
    }

    /// Two spaces per level, made once per level rather than once per container.
    private static let indents: [String] = (0..<64).map { String(repeating: "  ", count: $0) }

    private static func indent(_ depth: Int) -> String {
        depth < indents.count ? indents[depth] : String(repeating: "  ", count: depth)
    }

    private func write(into out: inout String, depth: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let v): out += v ? "true" : "false"
        case .int(let v): out += String(v)
        case .double(let v): out += v.isFinite ? String(v) : "null"
        case .string(let v):
            out += "\""
            JSONFormatter.quote(v, into: &out)
            out += "\""
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            let inner = Self.indent(depth + 1)
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                item.write(into: &out, depth: depth + 1)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += Self.indent(depth)
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            let inner = Self.indent(depth + 1)
            out += "{\n"
            for (i, (key, value)) in members.enumerated() {
                out += inner
                out += "\""
                JSONFormatter.quote(key, into: &out)
                out += "\": "
                value.write(into: &out, depth: depth + 1)
                out += i == members.count - 1 ? "\n" : ",\n"
            }
            out += Self.indent(depth)
            out += "}"
        }
    }
}
