import Foundation
import PostureJSON

/// Read-only, forgiving access to an engine answer parsed by ``JSONDocument``: missing
/// members, nulls and wrong types read as `nil` (or empty), so engine versions that omit or
/// rename a field never crash a collector.
///
/// Nothing is converted until read: a container inspect is parsed once into a node list, the
/// few dozen fields a collector reads are decoded from their bytes, and the raw JSON kept in
/// the database is written from the same nodes (``canonicalText(edits:)``).
struct EngineValue: Sendable {
    /// The value; `nil` when missing or null.
    let json: JSONValue?

    init(_ json: JSONValue?) {
        if let json, !json.isNull { self.json = json } else { self.json = nil }
    }

    /// A missing value.
    static let missing = EngineValue(nil)

    /// `text` parsed as one JSON value (RFC 8259, strict); throws ``JSONSyntaxError``.
    static func parse<Bytes: Swift.Collection>(_ text: Bytes) throws -> EngineValue where Bytes.Element == UInt8 {
        EngineValue(try JSONDocument(parsing: text).root)
    }

    subscript(key: String) -> EngineValue { EngineValue(json?[key]) }

    var isNull: Bool { json == nil }
    var isObject: Bool { json?.kind == .object }
    var isArray: Bool { json?.kind == .array }

    var string: String? { json?.string }

    /// The string, with '' read as `nil`.
    var nonEmptyString: String? { string.flatMap { $0.isEmpty ? nil : $0 } }

    /// A number (integers exactly, others truncated), or a string holding an integer.
    var int: Int64? {
        guard let json else { return nil }
        switch json.kind {
        case .number: return json.document.bytes.withUnsafeBufferPointer { JSONText.integer(json.document.nodes[json.index], $0) }
        case .string: return json.string.flatMap { Int64($0) }
        default: return nil
        }
    }

    /// The integer, with 0 read as `nil` (the Engine API's "unset").
    var positiveInt: Int64? { int.flatMap { $0 > 0 ? $0 : nil } }

    /// `true`/`false`, or a number read as "not zero".
    var bool: Bool? {
        switch json?.kind {
        case .true: return true
        case .false: return false
        case .number: return int.map { $0 != 0 }
        default: return nil
        }
    }

    /// The elements of an array (nulls included, as missing values); empty for anything else.
    var array: [EngineValue] { json?.elements.map(EngineValue.init) ?? [] }

    /// The string elements of an array; other elements are skipped.
    var strings: [String] { json?.elements.compactMap(\.string) ?? [] }

    /// Member names of an object, sorted.
    var keys: [String] { entries.map(\.0) }

    /// An object's members as (name, value), sorted by name; the first of repeated names.
    var entries: [(String, EngineValue)] {
        guard let json else { return [] }
        var seen = Set<String>()
        return json.members.filter { seen.insert($0.name).inserted }
            .sorted { $0.name < $1.name }
            .map { ($0.name, EngineValue($0.value)) }
    }

    /// Canonical JSON text of this value with `edits` applied to its members (see
    /// ``CanonicalJSONWriter``); `nil` when missing.
    func canonicalText(edits: [String: CanonicalJSONWriter.Edit] = [:]) -> String? {
        json.map { CanonicalJSONWriter.text(of: $0, edits: edits) }
    }
}

/// Docker's zero time (`0001-01-01T00:00:00Z`) and '' read as `nil`.
func engineTime(_ value: EngineValue) -> String? {
    guard let text = value.nonEmptyString, !text.hasPrefix("0001-01-01") else { return nil }
    return text
}

