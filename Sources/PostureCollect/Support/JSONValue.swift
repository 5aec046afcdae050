import Foundation

/// Read-only, forgiving access to a decoded JSON document (`JSONSerialization` output):
/// missing keys and wrong types read as `nil`, so engine versions that omit or rename a
/// field never crash a collector.
struct JSONValue {
    let raw: Any?

    /// `NSNull` reads as missing. Compared by type: `raw is NSNull` on a Swift dictionary
    /// would bridge the whole document to Foundation on every wrap.
    init(_ raw: Any?) {
        if let raw, type(of: raw) != NSNull.self { self.raw = raw } else { self.raw = nil }
    }

    subscript(key: String) -> JSONValue { JSONValue((raw as? [String: Any])?[key]) }

    var object: [String: Any]? { raw as? [String: Any] }
    var isNull: Bool { raw == nil }

    var string: String? {
        if let s = raw as? String { return s }
        return nil
    }

    /// The string, with '' read as `nil`.
    var nonEmptyString: String? { string.flatMap { $0.isEmpty ? nil : $0 } }

    var int: Int64? {
        if let n = raw as? NSNumber { return n.int64Value }
        if let s = raw as? String { return Int64(s) }
        return nil
    }

    /// The integer, with 0 read as `nil` (the Engine API's "unset").
    var positiveInt: Int64? { int.flatMap { $0 > 0 ? $0 : nil } }

    var bool: Bool? {
        if let b = raw as? Bool { return b }
        if let n = raw as? NSNumber { return n.intValue != 0 }
        return nil
    }

    var array: [JSONValue] { (raw as? [Any])?.map(JSONValue.init) ?? [] }

    var strings: [String] { (raw as? [Any])?.compactMap { $0 as? String } ?? [] }

    /// Keys of an object, sorted.
    var keys: [String] { object?.keys.sorted() ?? [] }

    /// An object's entries as (key, value), sorted by key.
    var entries: [(String, JSONValue)] {
        guard let object else { return [] }
        return object.keys.sorted().map { ($0, JSONValue(object[$0])) }
    }
}

/// Docker's zero time (`0001-01-01T00:00:00Z`) and '' read as `nil`.
func engineTime(_ value: JSONValue) -> String? {
    guard let text = value.nonEmptyString, !text.hasPrefix("0001-01-01") else { return nil }
    return text
}

/// A Unix timestamp in seconds as ISO-8601 UTC (`2026-11-29T07:09:00Z`, as
/// `ISO8601DateFormatter` writes it). Formatted by hand: creating a formatter per image and
/// container took a few percent of a collect.
func isoTime(unixSeconds: Int64) -> String {
    var seconds = time_t(unixSeconds)
    var parts = tm()
    guard gmtime_r(&seconds, &parts) != nil else {
        // A year beyond what `struct tm` holds: Foundation writes something for it.
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(unixSeconds)))
    }
    func pad(_ value: Int32, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
        + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
}
