/// A minimal POSIX ustar writer for the synthetic engine's image exports: folders, regular files
/// and symlinks, 512-byte headers with octal fields and their checksum, content padded to 512
/// bytes, and the two zero blocks that end an archive (no padding to a 10 KiB record, as Go's
/// `archive/tar`, and so `docker save`, writes). Owner root, one modification time for every
/// entry, names of at most 100 bytes (no prefix field, no pax). Pure: bytes out.
struct SyntheticArchive {
    private(set) var bytes: [UInt8] = []
    let modified: Int

    init(modified: Int) { self.modified = modified }

    mutating func directory(_ path: String, mode: UInt32 = 0o755) {
        header(path.hasSuffix("/") ? path : path + "/", type: "5", mode: mode, size: 0, link: "")
    }

    mutating func file(_ path: String, _ content: [UInt8], mode: UInt32 = 0o644) {
        header(path, type: "0", mode: mode, size: content.count, link: "")
        bytes += content
        bytes += [UInt8](repeating: 0, count: (512 - content.count % 512) % 512)
    }

    mutating func file(_ path: String, _ text: String, mode: UInt32 = 0o644) {
        file(path, Array(text.utf8), mode: mode)
    }

    mutating func symlink(_ path: String, to target: String) {
        header(path, type: "2", mode: 0o777, size: 0, link: target)
    }

    /// The archive with its end marker.
    func finished() -> [UInt8] { bytes + [UInt8](repeating: 0, count: 1024) }

    private mutating func header(_ name: String, type: Character, mode: UInt32, size: Int, link: String) {
        precondition(name.utf8.count <= 100 && link.utf8.count <= 100, "ustar name or link longer than 100 bytes: \(name)")
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, _ offset: Int) {
            for (i, byte) in text.utf8.enumerated() { block[offset + i] = byte }
        }
        // Numbers as zero-padded octal filling the field but its last byte (a NUL).
        func octal(_ value: Int, _ offset: Int, _ width: Int) {
            let digits = String(value, radix: 8)
            put(String(repeating: "0", count: width - 1 - digits.count) + digits, offset)
        }
        put(name, 0)
        octal(Int(mode), 100, 8)
        octal(0, 108, 8)  // uid
        octal(0, 116, 8)  // gid
        octal(size, 124, 12)
        octal(modified, 136, 12)
        put("        ", 148)  // checksum field counts as spaces while summing
        put(String(type), 156)
        put(link, 157)
        put("ustar\u{0}00", 257)
        put("root", 265)
        put("root", 297)
        octal(0, 329, 8)  // device major
        octal(0, 337, 8)  // device minor
        let sum = block.reduce(0) { $0 + Int($1) }
        let digits = String(sum, radix: 8)
        put(String(repeating: "0", count: 6 - digits.count) + digits + "\u{0} ", 148)
        bytes += block
    }
}
