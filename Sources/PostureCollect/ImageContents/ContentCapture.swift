/// The few files whose content image analysis needs, and how much of it is kept.
///
/// Account files and os-release are kept as bytes (capped); package databases are never kept:
/// their packages are counted as the bytes stream past, so a large `/var/lib/dpkg/status`
/// costs a counter, not its size in memory.
enum ContentCapture {
    enum Kind: Sendable, Equatable {
        /// Kept as bytes up to ``maxText``.
        case text
        /// `Status: install ok installed` paragraphs of a dpkg status file.
        case dpkgStatus
        /// `Package:` paragraphs of one file of distroless's `/var/lib/dpkg/status.d/`.
        case dpkgStatusPart
        /// `P:` lines of apk's installed database.
        case apkInstalled
    }

    static let maxText = 1 << 20

    static let textFiles: Set<String> = [
        "etc/passwd", "etc/shadow", "etc/group", "etc/os-release", "usr/lib/os-release",
    ]

    /// What to capture of the file at `path` (normalised, no leading slash), if anything.
    static func kind(for path: String) -> Kind? {
        if textFiles.contains(path) { return .text }
        switch path {
        case "var/lib/dpkg/status": return .dpkgStatus
        case "lib/apk/db/installed", "usr/lib/apk/db/installed": return .apkInstalled
        default: break
        }
        if path.hasPrefix("var/lib/dpkg/status.d/"), !path.dropFirst(22).contains("/"),
            !path.hasSuffix(".md5sums")
        {
            return .dpkgStatusPart
        }
        return nil
    }

    /// Consumes a file's bytes in pieces and keeps what its ``Kind`` asks for.
    struct Reader {
        let kind: Kind
        private var bytes: [UInt8] = []
        private var truncated = false
        private var line: [UInt8] = []
        private var lineOverflow = false
        private var count = 0

        init(kind: Kind) { self.kind = kind }

        mutating func consume(_ chunk: UnsafeRawBufferPointer) {
            if kind == .text {
                let room = ContentCapture.maxText - bytes.count
                if chunk.count > room { truncated = true }
                bytes.append(contentsOf: chunk.prefix(max(room, 0)))
                return
            }
            for byte in chunk {
                if byte == 10 {
                    finishLine()
                } else if line.count < 256 {
                    line.append(byte)
                } else {
                    lineOverflow = true
                }
            }
        }

        private mutating func finishLine() {
            defer {
                line.removeAll(keepingCapacity: true)
                lineOverflow = false
            }
            if lineOverflow { return }
            switch kind {
            case .dpkgStatus:
                // "Status: <want> <flag> <status>": installed packages, held or not.
                if line.starts(with: Array("Status: ".utf8)) {
                    let words = String(decoding: line, as: UTF8.self).split(separator: " ")
                    if words.count == 4, words[3] == "installed", words[1] == "install" || words[1] == "hold" { count += 1 }
                }
            case .dpkgStatusPart:
                if line.starts(with: Array("Package:".utf8)) { count += 1 }
            case .apkInstalled:
                if line.starts(with: Array("P:".utf8)) { count += 1 }
            case .text:
                break
            }
        }

        var result: CapturedContent {
            var copy = self
            if !copy.line.isEmpty { copy.finishLine() }
            switch kind {
            case .text: return .text(bytes, truncated: truncated)
            default: return .packages(copy.count)
            }
        }
    }
}

/// What was kept of a captured file.
enum CapturedContent: Sendable, Equatable {
    case text([UInt8], truncated: Bool)
    case packages(Int)

    var text: String? {
        if case .text(let bytes, _) = self { return String(decoding: bytes, as: UTF8.self) }
        return nil
    }

    var packageCount: Int? {
        if case .packages(let n) = self { return n }
        return nil
    }
}
