import Foundation

/// Normalises the timestamps scanners write (RFC 3339 with nanoseconds and any offset) to
/// ISO-8601 UTC with second precision, the form every posture time column uses.
enum Timestamp {
    /// `2024-02-22T19:46:26.372724916+01:00` → `2024-02-22T18:46:26Z`; `nil` for empty or
    /// unparseable text (the raw value is not kept: a time column holds times only).
    static func utc(_ raw: String?) -> String? {
        guard var text = raw?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        // Drop fractional seconds: ISO8601DateFormatter accepts at most milliseconds.
        if let dot = text.firstIndex(of: "."), let timePart = text.firstIndex(of: "T"), dot > timePart {
            var end = text.index(after: dot)
            while end < text.endIndex, text[end].isNumber { end = text.index(after: end) }
            text.removeSubrange(dot..<end)
        }
        if text.hasSuffix(" UTC") { text = String(text.dropLast(4)) + "Z" }
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime]
        guard let date = parser.date(from: text) else { return nil }
        let printer = ISO8601DateFormatter()
        printer.formatOptions = [.withInternetDateTime]
        printer.timeZone = TimeZone(identifier: "UTC")
        return printer.string(from: date)
    }
}
