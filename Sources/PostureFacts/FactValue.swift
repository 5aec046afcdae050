/// One SQLite-compatible value of a fact column: what a collector hands to the store.
///
/// Collectors build rows of `FactValue`s without knowing anything about SQLite; the store maps
/// them to database values one to one (`bool` is written as the integer 0 or 1).
public enum FactValue: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)

    public static func bool(_ value: Bool) -> FactValue { .int(value ? 1 : 0) }

    public static func optional(_ value: String?) -> FactValue { value.map(FactValue.text) ?? .null }
    public static func optional(_ value: Int?) -> FactValue { value.map { .int(Int64($0)) } ?? .null }
    public static func optional(_ value: Int64?) -> FactValue { value.map(FactValue.int) ?? .null }
    public static func optional(_ value: Double?) -> FactValue { value.map(FactValue.double) ?? .null }
    public static func optional(_ value: Bool?) -> FactValue { value.map(FactValue.bool) ?? .null }

    /// Text form used for content hashes and diffs; `nil` for SQL NULL.
    public var textValue: String? {
        switch self {
        case .null: return nil
        case .int(let v): return String(v)
        case .double(let v): return String(v)
        case .text(let v): return v
        }
    }
}

extension FactValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(nilLiteral: ()) { self = .null }
}
