/// Every error the host collectors report, with what failed, on what, and what to do.
///
/// Collectors never throw to their caller: these end up as the `error` text of a
/// `CollectorResult` whose status is `partial`, `failed` or `skipped`.
public enum HostError: Error, Equatable, CustomStringConvertible {
    /// The file does not exist (for `/proc/<pid>/…`: the process is gone, or hidden by hidepid).
    case notFound(path: String)
    case permissionDenied(path: String)
    case unreadable(path: String, reason: String)
    /// The file was read but its content is not what the kernel or the tool writes.
    case malformed(path: String, reason: String)
    case processGone(pid: Int, path: String)
    case noDaemonProcess(kind: String, socket: String, procPath: String)
    case cgroupNamespaced(pid: Int, path: String)
    case cgroupDirectoryMissing(path: String, cgroupPath: String)
    case remoteEngine

    /// True when the failure comes from missing permission rather than missing data.
    public var isPermission: Bool {
        if case .permissionDenied = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .notFound(let path):
            return "cannot read \(path): no such file"
        case .permissionDenied(let path):
            return "cannot read \(path): permission denied (run as root)"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .malformed(let path, let reason):
            return "cannot parse \(path): \(reason)"
        case .processGone(let pid, let path):
            return "process \(pid) is gone or hidden (\(path) does not exist; the container may have stopped, or /proc is mounted with hidepid)"
        case .noDaemonProcess(let kind, let socket, let procPath):
            let name = kind == "podman" ? "podman system service" : "dockerd"
            return "no \(name) process serving \(socket) found in \(procPath) (run posture in the host's pid namespace, e.g. --pid=host)"
        case .cgroupNamespaced(let pid, let path):
            return "the cgroup path \(path) of process \(pid) is relative to posture's own cgroup namespace (run posture with --cgroupns=host)"
        case .cgroupDirectoryMissing(let path, let cgroupPath):
            return "cgroup directory \(path) does not exist (the path \(cgroupPath) from /proc/<pid>/cgroup may be relative to a cgroup namespace root; run posture in the host's cgroup namespace)"
        case .remoteEngine:
            return "engine is remote; host facts need posture on that host"
        }
    }
}
