import Foundation

/// Times as posture stores them: ISO-8601 in UTC to the second (`2026-11-29T07:09:00Z`),
/// exactly as `ISO8601DateFormatter` writes them with its default options.
///
/// Formatted by hand: creating an `ISO8601DateFormatter` took about 3 ms of every collect's
/// start, and one per image or container a few percent of a large collect.
public enum UTCTime {
    /// The time now.
    public static func now() -> String {
        string(unixSeconds: Int64(Date().timeIntervalSince1970.rounded(.down)))
    }

    /// A time in seconds since the epoch.
    public static func string(unixSeconds: Int64) -> String {
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
}
