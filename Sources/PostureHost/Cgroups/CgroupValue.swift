import Foundation
import PostureFacts

/// Parsing of cgroup interface files, mapping every spelling of "no limit" to `nil`.
enum CgroupValue {
    /// Values at or above 2^62 are "no limit": v1 writes the page-aligned maximum
    /// (9223372036854771712) and some kernels `LLONG_MAX` or `ULLONG_MAX`.
    static let unlimitedThreshold: Int64 = 1 << 62

    /// A limit: `nil` for `max`, a negative value (`-1`) or a huge one; throws on anything else.
    /// `path` names the file in the error only; it is made only then.
    static func limit(_ text: String, path: @autoclosure () -> String) throws(HostError) -> Int64? {
        let trimmed = text.trimmedOfWhitespace
        if trimmed == "max" { return nil }
        if let value = Int64(trimmed) { return value < 0 || value >= unlimitedThreshold ? nil : value }
        if UInt64(trimmed) != nil { return nil }  // beyond Int64: unlimited
        throw .malformed(path: path(), reason: "expected a number or max, found \(trimmed.prefix(40))")
    }

    /// A plain integer (a period, a weight, a counter).
    static func integer(_ text: String, path: @autoclosure () -> String) throws(HostError) -> Int64 {
        let trimmed = text.trimmedOfWhitespace
        guard let value = Int64(trimmed) else {
            throw .malformed(path: path(), reason: "expected a number, found \(trimmed.prefix(40))")
        }
        return value
    }

    /// v2 `cpu.max`: "quota period", quota `max` when unlimited.
    static func cpuMax(_ text: String, path: @autoclosure () -> String) throws(HostError) -> (quota: Int64?, period: Int64) {
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count == 2 else { throw .malformed(path: path(), reason: "expected \"quota period\"") }
        return (try limit(String(parts[0]), path: path()), try integer(String(parts[1]), path: path()))
    }

    /// The value of `key` in a flat keyed file (`memory.events` "oom_kill 3", `cpu.stat` "usage_usec 12").
    static func keyed(_ text: String, key: String) -> Int64? {
        for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
            let parts = line.split(separator: UInt8(ascii: " "))
            if parts.count == 2 && parts[0].elementsEqual(key.utf8) { return Int64(Substring(parts[1])) }
        }
        return nil
    }

    /// v1 `cpu.shares` as the v2 weight runc would set: 1 + ((shares - 2) × 9999) / 262142.
    static func weight(fromShares shares: Int64) -> Int64 {
        shares <= 2 ? 1 : 1 + ((shares - 2) * 9999) / 262_142
    }
}
