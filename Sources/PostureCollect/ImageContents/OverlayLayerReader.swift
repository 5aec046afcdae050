import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads one overlay layer folder (Docker's overlay2 `…/diff`, Podman's overlay `…/diff`) into
/// ``LayerChanges`` with `lstat` and `readdir`, never following symlinks: a character device
/// 0/0 (or a `.wh.<name>` file) is a whiteout, the `trusted.overlay.opaque` /
/// `user.overlay.opaque` attribute (or a `.wh..wh..opq` file) makes a folder opaque. The files
/// ``ContentCapture`` names are read; nothing else is opened.
struct OverlayLayerReader {
    let root: String

    func read() throws -> LayerChanges {
        var changes = LayerChanges()
        try walk("", into: &changes)
        return changes
    }

    private func walk(_ relative: String, into changes: inout LayerChanges) throws {
        let folder = relative.isEmpty ? root : root + "/" + relative
        guard let dir = opendir(folder) else {
            throw ImageReadError.unreadable(path: folder, reason: String(cString: strerror(errno)))
        }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(dir)
        for name in names.sorted() {
            let path = relative.isEmpty ? name : relative + "/" + name
            let full = root + "/" + path
            var info = stat()
            guard lstat(full, &info) == 0 else {
                throw ImageReadError.unreadable(path: full, reason: String(cString: strerror(errno)))
            }
            let type = info.st_mode & S_IFMT
            if name == ".wh..wh..opq" {
                changes.opaqueDirectories.append(relative)
                continue
            }
            if name.hasPrefix(".wh.") {
                let hidden = String(name.dropFirst(4))
                changes.whiteouts.append(relative.isEmpty ? hidden : relative + "/" + hidden)
                continue
            }
            if type == S_IFCHR && info.st_rdev == 0 {
                changes.whiteouts.append(path)
                continue
            }
            var node = ImageNode(
                kind: .other, mode: UInt32(info.st_mode) & 0o7777, uid: Int(info.st_uid), gid: Int(info.st_gid),
                size: Int64(info.st_size), target: nil, captured: nil)
            switch type {
            case S_IFREG:
                node.kind = .file
                if let kind = ContentCapture.kind(for: path) { node.captured = try capture(full, kind) }
            case S_IFLNK:
                node.kind = .symlink
                node.target = try readLink(full)
            case S_IFDIR:
                node.kind = .directory
                if isOpaque(full) { changes.opaqueDirectories.append(path) }
            default:
                node.kind = .other
            }
            changes.added.append((path, node))
            if type == S_IFDIR { try walk(path, into: &changes) }
        }
    }

    private func isOpaque(_ path: String) -> Bool {
        guard let lgetxattr = Self.lgetxattr else { return false }
        for attribute in ["trusted.overlay.opaque", "user.overlay.opaque"] {
            var value: [UInt8] = [0, 0]
            let n = value.withUnsafeMutableBytes { lgetxattr(path, attribute, $0.baseAddress, $0.count) }
            if n == 1 && value[0] == UInt8(ascii: "y") { return true }
        }
        return false
    }

    /// libc's `lgetxattr(2)`, looked up at run time: Swift's Glibc module does not import
    /// <sys/xattr.h>.
    private typealias GetXattr = @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeMutableRawPointer?, Int) -> Int
    private static let lgetxattr: GetXattr? = {
        guard let handle = dlopen(nil, RTLD_LAZY), let symbol = dlsym(handle, "lgetxattr") else { return nil }
        return unsafeBitCast(symbol, to: GetXattr.self)
    }()

    private func readLink(_ path: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n >= 0 else { throw ImageReadError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func capture(_ path: String, _ kind: ContentCapture.Kind) throws -> CapturedContent {
        let fd = open(path, O_RDONLY | O_NOFOLLOW)
        guard fd >= 0 else { throw ImageReadError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var reader = ContentCapture.Reader(kind: kind)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var total = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 { throw ImageReadError.unreadable(path: path, reason: String(cString: strerror(errno))) }
            if n == 0 { break }
            buffer.withUnsafeBytes { reader.consume(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            total += n
            if kind == .text && total > ContentCapture.maxText { break }
        }
        return reader.result
    }
}
