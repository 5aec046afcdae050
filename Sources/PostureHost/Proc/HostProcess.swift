import Foundation

/// What `/proc/<pid>` says about one process: the facts recorded for a daemon, read once.
///
/// Reads `/proc/<pid>/comm`, `cmdline`, `status`, `stat` and `exe` below the host root.
struct HostProcess: Sendable {
    let pid: Int
    let comm: String
    /// Arguments of `/proc/<pid>/cmdline` (NUL separated in the file).
    let arguments: [String]
    let status: ProcStatus
    /// Clock ticks after boot at which the process started (`/proc/<pid>/stat` field 22).
    let startTicks: Int64?
    /// Target of `/proc/<pid>/exe`; `nil` when it could not be read (see `exeError`).
    let exe: String?
    let exeError: HostError?

    /// Reads the process; throws `processGone` when `/proc/<pid>` no longer exists.
    init(pid: Int, files: HostFiles) throws(HostError) {
        self.pid = pid
        do {
            comm = try files.read("/proc/\(pid)/comm").trimmingCharacters(in: .newlines)
            arguments = Self.arguments(try files.read("/proc/\(pid)/cmdline"))
            status = ProcStatus(text: try files.read("/proc/\(pid)/status"))
            startTicks = ProcessClock.startTicks(statLine: try files.read("/proc/\(pid)/stat"))
        } catch .notFound(let path) {
            throw .processGone(pid: pid, path: path)
        }
        do {
            exe = try files.readlink("/proc/\(pid)/exe")
            exeError = nil
        } catch {
            exe = nil
            exeError = error
        }
    }

    /// Splits a NUL-separated `/proc/<pid>/cmdline`.
    static func arguments(_ raw: String) -> [String] {
        raw.split(separator: "\0", omittingEmptySubsequences: false).map(String.init).dropLastEmpty()
    }

    var commandLine: String { arguments.joined(separator: " ") }
}

extension Array where Element == String {
    fileprivate func dropLastEmpty() -> [String] {
        var copy = self
        while copy.last?.isEmpty == true { copy.removeLast() }
        return copy
    }
}
