/// One entry of a tar stream as its headers describe it: the ustar header with any pax
/// (`x`, `g`) records and GNU long names (`L`, `K`) that precede it already applied.
public struct TarEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case file, hardLink, symlink, directory, characterDevice, blockDevice, fifo, other
    }

    /// Path as stored in the archive (`./etc/passwd`, `etc/`); see ``normalisedPath``.
    public var path: String
    public var kind: Kind
    /// Permission bits including setuid (0o4000), setgid (0o2000) and sticky (0o1000).
    public var mode: UInt32
    public var uid: Int
    public var gid: Int
    /// Bytes of content that follow the header.
    public var size: Int64
    /// Target of a symlink, or the archive path a hard link points to.
    public var linkName: String
    public var deviceMajor: Int
    public var deviceMinor: Int

    /// The path relative to the archive root without `./`, leading or trailing slashes
    /// (`etc/passwd`); `""` for the root itself.
    public var normalisedPath: String { TarEntry.normalise(path) }

    /// `./a//b/` → `a/b`; `.` and `/` → `""`. `..` components are kept (the caller decides).
    public static func normalise(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true)
            .filter { $0 != "." }
            .joined(separator: "/")
    }
}

/// What ``TarStreamReader`` calls for each entry: ``begin(_:)``, the content in pieces (only
/// as many bytes as the entry's size, never the padding), then ``end()``.
public protocol TarEntryHandler: AnyObject {
    func begin(_ entry: TarEntry) throws
    func content(_ bytes: UnsafeRawBufferPointer) throws
    func end() throws
}

/// A tar stream that can not be read, with where and why.
public enum TarError: Error, Equatable, CustomStringConvertible {
    /// A 512-byte header whose checksum does not match (not a tar stream, or corrupt).
    case badHeader(offset: Int64, reason: String)
    /// The stream ended inside a header or an entry's content.
    case truncated(offset: Int64)
    /// A pax record or GNU long name larger than the reader accepts.
    case metadataTooLarge(offset: Int64, size: Int64)

    public var description: String {
        switch self {
        case .badHeader(let offset, let reason): return "bad tar header at byte \(offset): \(reason)"
        case .truncated(let offset): return "tar stream ends early, at byte \(offset)"
        case .metadataTooLarge(let offset, let size):
            return "tar metadata record of \(size) bytes at byte \(offset) is too large"
        }
    }
}
