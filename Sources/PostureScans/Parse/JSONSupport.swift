import Foundation

/// A coding key for any member name, for reading objects whose keys are not known up front.
struct AnyKey: CodingKey, Hashable {
    let stringValue: String
    let intValue: Int?
    init(_ string: String) { stringValue = string; intValue = nil }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }
}

/// Why a document was refused while decoding; mapped to ``ScanImportError`` with the file name
/// by ``ReportParser``.
enum Refusal: Error {
    case unknown(found: String)
    case unsupported(format: String, advice: String)
    case wrongArtifact(scanner: String, artifact: String)
    case invalid(format: String, reason: String)
    case scannerError(scanner: String, message: String)

    /// Wraps the decoding errors of one format's structs so the message names the format and
    /// the member that was wrong.
    static func decoding<T>(_ format: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DecodingError {
            throw Refusal.invalid(format: format, reason: error.memberDescription)
        }
    }
}

extension DecodingError {
    /// `Results[0].Vulnerabilities[3] lacks VulnerabilityID`, `matches[2].vulnerability.id is not text`.
    var memberDescription: String {
        switch self {
        case .keyNotFound(let key, let context):
            return "\(Self.path(context.codingPath)) lacks \(key.stringValue)"
        case .typeMismatch(let type, let context):
            return "\(Self.path(context.codingPath)) is not \(Self.describe(type))"
        case .valueNotFound(let type, let context):
            return "\(Self.path(context.codingPath)) is null where \(Self.describe(type)) is needed"
        case .dataCorrupted(let context):
            return "\(Self.path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(self)"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        if keys.isEmpty { return "the top level" }
        var text = ""
        for key in keys {
            if let i = key.intValue { text += "[\(i)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "text"
        case is Int.Type, is Double.Type: return "a number"
        case is [Any].Type: return "an array"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") || name.hasPrefix("KeyedDecodingContainer") { return "an object" }
            return "of the expected type (\(name))"
        }
    }
}

extension KeyedDecodingContainer {
    /// A number written as a number or as text (`"7.5"`); `nil` when absent, null or not a number.
    func lenientDouble(forKey key: Key) -> Double? {
        if let v = try? decodeIfPresent(Double.self, forKey: key) { return v }
        if let s = try? decodeIfPresent(String.self, forKey: key) { return Double(s) }
        return nil
    }

    /// Text written as text or as a number; `nil` when absent, null or something else.
    func lenientString(forKey key: Key) -> String? {
        if let s = try? decodeIfPresent(String.self, forKey: key) { return s }
        if let i = try? decodeIfPresent(Int.self, forKey: key) { return String(i) }
        if let d = try? decodeIfPresent(Double.self, forKey: key) { return String(d) }
        return nil
    }

    /// An array of text, or a single text as a one-element array; empty when absent or null.
    func stringList(forKey key: Key) -> [String] {
        if let list = try? decodeIfPresent([String?].self, forKey: key) { return list.compactMap { $0 } }
        if let single = try? decodeIfPresent(String.self, forKey: key) { return [single] }
        return []
    }
}

extension String {
    /// The first line, trimmed and cut to `limit` characters (with an ellipsis), for titles
    /// taken from descriptions; `nil` when empty.
    func firstLine(limit: Int = 200) -> String? {
        let line = self.split(whereSeparator: \.isNewline).first.map(String.init)?
            .trimmingCharacters(in: .whitespaces) ?? ""
        if line.isEmpty { return nil }
        if line.count <= limit { return line }
        return String(line.prefix(limit - 1)) + "…"
    }

    /// `nil` for an empty (or all-blank) string.
    var nonEmpty: String? {
        trimmingCharacters(in: .whitespaces).isEmpty ? nil : self
    }
}
