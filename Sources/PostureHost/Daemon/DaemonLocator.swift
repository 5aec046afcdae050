import Foundation
import Glibc
import PostureFacts

/// Finds the process behind an engine's unix socket in the host's `/proc`.
///
/// Candidates are the pid in the pid file next to the socket (`/var/run/docker.pid`,
/// `$XDG_RUNTIME_DIR/docker.pid`, or a `.pid` hint) and every process named `dockerd` (Docker)
/// or `podman` (Podman). Strongest evidence first: the process holds the socket's listening file
/// descriptor (`/proc/<pid>/net/unix` inode ↔ `/proc/<pid>/fd`); its command line names the
/// socket (`-H unix://…`, or the service URI); it came from the pid file; its uid owns the
/// socket. A process whose command line names only other sockets, and a
/// podman process that is not `podman system service`, is never chosen unless it holds this
/// socket. Ties go to the lowest pid.
///
/// The daemon found at the last snapshot comes first: when it still runs under the daemon's name
/// and holds the socket, nothing stronger can be found, and the names of the host's other
/// processes (hundreds of `/proc/<pid>/comm` on a busy host) are not read.
struct DaemonLocator {
    struct Found {
        let process: HostProcess
        /// `socket`, `cmdline`, `pidfile` or `comm` (see the `daemons.found_via` column).
        let via: String
    }

    let context: HostContext
    var files: HostFiles { context.files }

    func locate(kind: String, socket: String, socketOwner: Int?, hint: String?, lastPID: Int? = nil)
        throws(HostError) -> Found
    {
        let name = kind == "podman" ? "podman" : "dockerd"
        // Asked once: each candidate below is compared with it.
        let listener = files.root == "/" ? Self.listenerPID(socket) : nil
        if let lastPID, let found = stillServing(pid: lastPID, name: name, socket: files.canonical(socket), listener: listener) {
            return found
        }
        var fromPidFile = Set<Int>()
        if kind != "podman" {
            let folder = (socket as NSString).deletingLastPathComponent
            let pidFiles = [folder + "/docker.pid"] + (hint.map { $0.hasSuffix(".pid") ? [$0] : [] } ?? [])
            for path in pidFiles {
                if let text = try? files.read(path), let pid = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                    fromPidFile.insert(pid)
                }
            }
        }
        let socket = files.canonical(socket)
        let named = context.processNames.filter { $0.value == name }.map(\.key)
        let pids = Set(named).union(fromPidFile.filter { context.processNames[$0] == name })

        var best: (score: Int, found: Found)?
        for pid in pids.sorted() {
            guard let process = try? HostProcess(pid: pid, files: files) else { continue }
            let evidence = Evidence(kind: kind, arguments: process.arguments, socket: socket, files: files)
            let holds = listens(pid: pid, socket: socket, listener: listener)
            if evidence.namesOtherSocketsOnly && !holds { continue }
            // Only `podman system service` serves the API; `podman ps` and friends are clients.
            if kind == "podman" && !evidence.isPodmanService && !holds { continue }
            var score = 0
            if holds { score += 8 }
            if evidence.namesSocket { score += 4 }
            if fromPidFile.contains(pid) { score += 2 }
            if let socketOwner, process.status.effectiveUID == socketOwner { score += 1 }
            let via = holds ? "socket" : evidence.namesSocket ? "cmdline" : fromPidFile.contains(pid) ? "pidfile" : "comm"
            if best == nil || score > best!.score { best = (score, Found(process: process, via: via)) }
        }
        guard let found = best?.found else {
            throw .noDaemonProcess(kind: kind, socket: socket, procPath: files.resolve("/proc", followLast: true))
        }
        return found
    }

    /// The process at `pid`, when it is named `name` and holds the listening `socket` (canonical).
    private func stillServing(pid: Int, name: String, socket: String, listener: Int?) -> Found? {
        // The process is read once (its `comm` with it), as the search below would read it.
        guard let process = try? HostProcess(pid: pid, files: files), process.comm == name,
            listens(pid: pid, socket: socket, listener: listener)
        else { return nil }
        return Found(process: process, via: "socket")
    }

    /// What a command line says about the socket.
    struct Evidence {
        let namesSocket: Bool
        let namesOtherSocketsOnly: Bool
        let isPodmanService: Bool

        /// `socket` is canonical; the paths on the command line are made canonical to compare.
        init(kind: String, arguments: [String], socket: String, files: HostFiles) {
            func isOurs(_ argument: String) -> Bool {
                let path = argument.hasPrefix("unix://") ? String(argument.dropFirst(7)) : argument
                return path.hasPrefix("/") && (path == socket || files.canonical(path) == socket)
            }
            if kind == "podman" {
                let uris = arguments.filter { $0.hasPrefix("unix://") || $0.hasPrefix("tcp://") }
                namesSocket = arguments.contains(where: isOurs)
                namesOtherSocketsOnly = !uris.isEmpty && !namesSocket
                isPodmanService = zip(arguments, arguments.dropFirst()).contains { $0 == "system" && $1 == "service" }
            } else {
                let hosts = DockerDaemonConfig.hosts(arguments)
                namesSocket = hosts.contains(where: isOurs)
                // fd:// is a socket handed over by systemd: it may be this one.
                namesOtherSocketsOnly = !hosts.isEmpty && !namesSocket && !hosts.contains { $0.hasPrefix("fd://") }
                isPodmanService = false
            }
        }
    }

    /// True when the process holds a listening unix socket bound to `socket` (canonical).
    ///
    /// `listener` is the socket's listener as ``listenerPID(_:)`` found it (asked on the host
    /// itself, root `/`, only): the process that listened. Otherwise (another pid, as when
    /// systemd listens and hands the socket over, or none, as for a host mounted elsewhere):
    /// an inode listed in the process's network namespace's `/proc/<pid>/net/unix` with that
    /// path, open as one of its fds. That table lists every unix socket of the namespace,
    /// thousands on a host with hundreds of containers, and the kernel writes it out at each read.
    func listens(pid: Int, socket: String, listener: Int?) -> Bool {
        if let listener, listener == pid { return true }
        guard let table = try? files.read("/proc/\(pid)/net/unix") else { return false }
        let name = socket.split(separator: "/").last ?? ""
        var inodes = Set<Substring>()
        for line in Self.lines(of: table, endingWith: String(name)) {
            // Num RefCount Protocol Flags Type St Inode Path; Flags 00010000 = listening.
            let fields = line.split(separator: " ", maxSplits: 7, omittingEmptySubsequences: true)
            // The path (field 7) ends with the socket's name: `lines` kept only such lines.
            if fields.count == 8, fields[3] == "00010000", files.canonical(String(fields[7])) == socket {
                inodes.insert(fields[6])
            }
        }
        guard !inodes.isEmpty, let fds = try? files.list("/proc/\(pid)/fd") else { return false }
        for fd in fds {
            guard let target = try? files.readlink("/proc/\(pid)/fd/\(fd)"), target.hasPrefix("socket:[") else { continue }
            if inodes.contains(target.dropFirst(8).dropLast()) { return true }
        }
        return false
    }

    /// The pid of the process that listens on the unix socket at `path` (as `SO_PEERCRED`
    /// gives it for a connection), or `nil` when it can not be connected to or the listener
    /// is in another pid namespace. The connection is closed without a request.
    static func listenerPID(_ path: String) -> Int? {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard var address = sockaddr_un(socketPath: path) else { return nil }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else { return nil }
        // struct ucred (pid, uid, gid), which Glibc's overlay does not export without _GNU_SOURCE.
        var credentials: (pid: Int32, uid: UInt32, gid: UInt32) = (0, 0, 0)
        var length = socklen_t(MemoryLayout.size(ofValue: credentials))
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0, credentials.pid > 0 else { return nil }
        return Int(credentials.pid)
    }

    /// The lines of `text` after the first that end with `suffix`, found on the UTF-8 bytes: on
    /// a host with hundreds of containers the daemon's `/proc/<pid>/net/unix` lists thousands of
    /// sockets, and only the few named like the engine's socket are worth splitting into fields.
    static func lines(of text: String, endingWith suffix: String) -> [String] {
        var text = text
        let tail = Array(suffix.utf8)
        var found: [String] = []
        text.withUTF8 { bytes in
            var start = 0
            var first = true
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                if !first, end - start >= tail.count,
                    tail.indices.allSatisfy({ bytes[end - tail.count + $0] == tail[$0] })
                {
                    found.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                }
                first = false
                start = end + 1
            }
        }
        return found
    }
}
