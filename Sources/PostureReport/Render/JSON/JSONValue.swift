import PostureJSON
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

    /// The document followed by a newline. Written as UTF-8 bytes: a JSON report of a large
    /// host is tens of megabytes, and appending to a String piece by piece was most of its cost.
    func rendered() -> String {
        String(decoding: renderedBytes(), as: UTF8.self)
    }

    /// ``rendered()`` as its UTF-8 bytes, without the copy into a String.
    func renderedBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(into: &out, depth: 0)
        out.append(0x0A)
        return out
    }

    /// Two spaces per level, made once per level rather than once per container.
    private static let indents: [[UInt8]] = (0..<64).map { Array(repeating: UInt8(ascii: " "), count: 2 * $0) }

    static func indent(_ depth: Int, into out: inout [UInt8]) {
        if depth < indents.count {
            out.append(contentsOf: indents[depth])
        } else {
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
        }
    }

    /// Writes the value at nesting `depth` (its closing bracket is indented to it); ``JSONStream`` writes small parts this way.
    func write(into out: inout [UInt8], depth: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let v): out.append(contentsOf: (v ? "true" : "false").utf8)
        case .int(let v): out.append(contentsOf: String(v).utf8)
        case .double(let v): out.append(contentsOf: (v.isFinite ? String(v) : "null").utf8)
        case .string(let v): JSONText.appendQuoted(v, to: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(contentsOf: "[\n".utf8)
            for (i, item) in items.enumerated() {
                Self.indent(depth + 1, into: &out)
                item.write(into: &out, depth: depth + 1)
                out.append(contentsOf: (i == items.count - 1 ? "\n" : ",\n").utf8)
            }
            Self.indent(depth, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(contentsOf: "{\n".utf8)
            for (i, (key, value)) in members.enumerated() {
                Self.indent(depth + 1, into: &out)
                JSONText.appendQuoted(key, to: &out)
                out.append(contentsOf: ": ".utf8)
                value.write(into: &out, depth: depth + 1)
                out.append(contentsOf: (i == members.count - 1 ? "\n" : ",\n").utf8)
            }
            Self.indent(depth, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }
}
