import Glibc

extension sockaddr_un {
    /// The address of the unix socket at `path`; `nil` when the path does not fit (108 bytes
    /// with its terminating NUL on Linux). Used to connect to an engine's socket (the HTTP
    /// client) and to ask who listens on it (the daemon locator).
    public init?(socketPath path: String) {
        self.init()
        sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: sun_path) else { return nil }
        withUnsafeMutableBytes(of: &sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
    }
}
