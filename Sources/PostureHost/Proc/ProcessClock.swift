import Foundation

/// Process start times from `/proc`: field 22 of `/proc/<pid>/stat` counts clock ticks since
/// boot, and `btime` in `/proc/stat` is the boot time in seconds since the epoch.
enum ProcessClock {
    /// `sysconf(_SC_CLK_TCK)`: the kernel reports 100 ticks per second to user space on every
    /// architecture Linux containers run on.
    static let ticksPerSecond = 100.0

    /// Field 22 (`starttime`) of a `/proc/<pid>/stat` line. The command name in field 2 may hold
    /// spaces and parentheses, so fields are counted from its last `)`.
    static func startTicks(statLine: String) -> Int64? {
        guard let close = statLine.lastIndex(of: ")") else { return nil }
        let rest = statLine[statLine.index(after: close)...].split(separator: " ")
        // rest[0] is field 3 (state), so field 22 is rest[19].
        guard rest.count > 19 else { return nil }
        return Int64(rest[19])
    }

    /// `btime` of `/proc/stat`.
    static func bootTime(procStat: String) -> Int64? {
        for line in procStat.split(separator: "\n") where line.hasPrefix("btime ") {
            return Int64(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// Seconds since the epoch at which a process started.
    static func startSeconds(bootTime: Int64, startTicks: Int64) -> Double {
        Double(bootTime) + Double(startTicks) / ticksPerSecond
    }

    /// ISO-8601 UTC text to the second (`2025-11-28T03:40:34Z`), truncating fractions.
    static func iso8601(_ seconds: Double) -> String {
        var time = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
    }
}
