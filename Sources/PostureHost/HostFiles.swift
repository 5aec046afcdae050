import Glibc

/// Reads host files below a host root (`/`, or `/host` when posture runs in a container with the
/// host mounted there), so every collector sees the host, never its own container.
///
/// Absolute symbolic links (`/var/run -> /run`) are resolved inside the root, as `chroot` would,
/// so they never escape to posture's own filesystem. Failures are typed: a missing file, a
/// missing permission and a gone process are data for the collectors, never an empty value.
public struct HostFiles: Sendable {
    /// Owner, group, permission bits, type and modification time of a file.
    public struct Info: Sendable, Equatable {
        public let uid: Int
        public let gid: Int
        /// Permission bits only (`0o660`), without the file type.
        public let permissions: Int
        public let isDirectory: Bool
        /// Seconds since the epoch, with the nanoseconds the file system keeps.
        public let mtime: Double
    }

    /// The host root, without a trailing slash except for `/` itself.
    public let root: String
    /// Largest file read, in bytes; larger files are truncated (none of the files read come close).
    static let maxBytes = 8 << 20

    public init(root: String = "/") {
        var trimmed = root
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed.isEmpty ? "/" : trimmed
    }

    /// An open folder below the root, whose files are then opened relative to it (`openat`):
    /// a cgroup hierarchy's mount, from which every container's interface files are opened by
    /// their path below it (``CgroupMounts``). Closed when released.
    public final class Directory: @unchecked Sendable {
        /// The folder's real path (below the root, links resolved), for messages.
        public let path: String
        fileprivate let fd: Int32

        fileprivate init(path: String, fd: Int32) {
            self.path = path
            self.fd = fd
        }

        deinit { close(fd) }
    }

    /// Linux's `O_PATH` (the same on x86-64 and arm64), which Glibc's Swift overlay does not
    /// export without `_GNU_SOURCE`.
    static let openPath: Int32 = 0o10_000_000

    /// Opens the folder `hostPath`; a missing path, or one that is not a folder, is `notFound`.
    public func directory(_ hostPath: String) throws(HostError) -> Directory {
        let path = resolve(hostPath, followLast: true)
        // O_PATH: search permission on the folder is enough, as it is for reading by full path.
        let fd = open(path, Self.openPath | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw Self.error(errno, path: path) }
        return Directory(path: path, fd: fd)
    }

    /// How a file's contents are read.
    public enum Contents: Sendable {
        /// Until a read finds the end of the file.
        case untilEnd
        /// A kernel attribute file that the kernel makes in one go, on the first read: a cgroup
        /// interface file, `/proc/<pid>/status` or `/proc/<pid>/cgroup` (one `seq_file` record).
        /// A first read that does not fill the buffer got the whole file, so the read that
        /// would only find the end is not made: one system call fewer for each of the dozen
        /// files read per running container. A file that fills the buffer is read on to its end.
        case kernelAttribute
    }

    /// The contents of the file `name` in `directory` as text (invalid UTF-8 replaced). `name`
    /// is a path relative to the folder (`docker/<id>/memory.max`) that the kernel walks as it
    /// is: it must not come from anything but the kernel's own files, and never holds `..`.
    public func read(_ name: String, in directory: Directory, _ contents: Contents = .untilEnd) throws(HostError) -> String {
        let fd = openat(directory.fd, name, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw Self.error(errno, path: directory.path + "/" + name) }
        defer { close(fd) }
        return try Self.readAll(fd, contents, path: directory.path + "/" + name)
    }

    /// The file `name` in `directory`, or `nil` when it does not exist; other failures throw.
    public func readIfExists(_ name: String, in directory: Directory, _ contents: Contents = .untilEnd) throws(HostError)
        -> String?
    {
        do {
            return try read(name, in: directory, contents)
        } catch .notFound {
            return nil
        }
    }

    /// The file's contents as text (invalid UTF-8 replaced).
    public func read(_ hostPath: String, _ contents: Contents = .untilEnd) throws(HostError) -> String {
        let path = resolve(hostPath, followLast: true)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw Self.error(errno, path: path) }
        defer { close(fd) }
        return try Self.readAll(fd, contents, path: path)
    }

    /// Everything `fd` gives until end of file (or what a kernel attribute gave at once, see
    /// ``Contents``), at most ``maxBytes``.
    private static func readAll(_ fd: Int32, _ contents: Contents, path: @autoclosure () -> String) throws(HostError)
        -> String
    {
        // Most files read here (/proc status, cgroup limits) are a few hundred bytes: each read
        // goes into one reused, uninitialised buffer and only what arrived is kept (a zeroed
        // buffer per file was a visible part of collecting host facts for hundreds of containers).
        var bytes: [UInt8] = []
        var failure: Int32 = 0
        let whole: String? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16 << 10) { buffer in
            while bytes.count < maxBytes {
                let got = Glibc.read(fd, buffer.baseAddress!, min(buffer.count, maxBytes - bytes.count))
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return nil
                }
                if got == 0 { return nil }
                if case .kernelAttribute = contents, bytes.isEmpty, got < buffer.count {
                    return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<got]), as: UTF8.self)
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<got]))
            }
            return nil
        }
        if failure != 0 { throw error(failure, path: path()) }
        return whole ?? String(decoding: bytes, as: UTF8.self)
    }

    /// The file's contents, or `nil` when it does not exist; other failures throw.
    public func readIfExists(_ hostPath: String) throws(HostError) -> String? {
        do {
            return try read(hostPath)
        } catch .notFound {
            return nil
        }
    }

    /// `stat` of the file, following a final symbolic link inside the root.
    public func info(_ hostPath: String) throws(HostError) -> Info {
        let path = resolve(hostPath, followLast: true)
        var st = stat()
        // Below another root the path is already free of links; at `/` the kernel follows them.
        if stat(path, &st) != 0 { throw Self.error(errno, path: path) }
        return Info(
            uid: Int(st.st_uid), gid: Int(st.st_gid), permissions: Int(st.st_mode & 0o7777),
            isDirectory: st.st_mode & S_IFMT == S_IFDIR,
            mtime: Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9)
    }

    /// The target of a symbolic link, not followed (`/proc/<pid>/exe`, `/proc/<pid>/fd/3`).
    public func readlink(_ hostPath: String) throws(HostError) -> String {
        let path = resolve(hostPath, followLast: false)
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = Glibc.readlink(path, &buffer, buffer.count - 1)
        if n < 0 { throw Self.error(errno, path: path) }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Names in a directory, without `.` and `..`, in no particular order.
    public func list(_ hostPath: String) throws(HostError) -> [String] {
        let path = resolve(hostPath, followLast: true)
        guard let dir = opendir(path) else { throw Self.error(errno, path: path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The real path of `hostPath`: below the root, with symbolic links resolved inside it.
    public func resolve(_ hostPath: String, followLast: Bool) -> String {
        if root == "/" { return hostPath }
        return root + canonical(hostPath, followLast: followLast)
    }

    /// The host path with every symbolic link resolved inside the root (`/var/run/docker.sock`
    /// → `/run/docker.sock`), as the host itself would name the file.
    public func canonical(_ hostPath: String, followLast: Bool = true) -> String {
        let base = root == "/" ? "" : root
        var resolved: [Substring] = []
        var pending = Array(hostPath.split(separator: "/").reversed())
        var hops = 0
        while let component = pending.popLast() {
            if component == "." { continue }
            if component == ".." {
                _ = resolved.popLast()
                continue
            }
            let candidate = base + "/" + (resolved + [component]).joined(separator: "/")
            var st = stat()
            let isLink = lstat(candidate, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
            guard isLink, followLast || !pending.isEmpty, hops < 40 else {
                resolved.append(component)
                continue
            }
            hops += 1
            var buffer = [CChar](repeating: 0, count: 4096)
            let n = Glibc.readlink(candidate, &buffer, buffer.count - 1)
            let target = String(decoding: buffer[0..<max(n, 0)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if target.hasPrefix("/") { resolved = [] }
            pending.append(contentsOf: target.split(separator: "/").reversed())
        }
        return "/" + resolved.joined(separator: "/")
    }

    static func error(_ code: Int32, path: String) -> HostError {
        switch code {
        case ENOENT, ENOTDIR, ESRCH: return .notFound(path: path)
        case EACCES, EPERM: return .permissionDenied(path: path)
        default: return .unreadable(path: path, reason: String(cString: strerror(code)))
        }
    }
}
