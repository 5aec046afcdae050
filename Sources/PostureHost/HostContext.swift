import Foundation

/// What one `collect` call reads once and shares between engines: accounts, the boot time and
/// the names of running processes. Lives for one call on one thread.
final class HostContext {
    let files: HostFiles

    init(files: HostFiles) { self.files = files }

    /// `/etc/passwd` and `/etc/group` of the host.
    private(set) lazy var accounts: Result<Accounts, HostError> = Result {
        () throws(HostError) -> Accounts in
        Accounts(passwd: try files.read("/etc/passwd"), group: try files.read("/etc/group"))
    }

    /// `btime` of the host's `/proc/stat`.
    private(set) lazy var bootTime: Result<Int64, HostError> = Result {
        () throws(HostError) -> Int64 in
        let text = try files.read("/proc/stat")
        guard let btime = ProcessClock.bootTime(procStat: text) else {
            throw .malformed(path: files.resolve("/proc/stat", followLast: true), reason: "no btime line")
        }
        return btime
    }

    /// Whether ``processNames`` was read (tests: the last daemon found spares reading it).
    private(set) var processNamesRead = false

    /// pid → process name (`/proc/<pid>/comm`) of every process visible in the host's `/proc`.
    private(set) lazy var processNames: [Int: String] = {
        processNamesRead = true
        var names: [Int: String] = [:]
        for entry in (try? files.list("/proc")) ?? [] {
            guard let pid = Int(entry), let comm = try? files.read("/proc/\(entry)/comm") else { continue }
            names[pid] = comm.trimmingCharacters(in: .newlines)
        }
        return names
    }()
}
