/// A streaming tar reader: bytes go in as they arrive (``feed(_:)``), entries come out through a
/// ``TarEntryHandler``. Nothing is written to disk and only one header (512 bytes) plus the
/// current pax record or GNU long name (at most ``maxMetadata``) is held in memory.
///
/// Reads POSIX ustar (with the 155-byte prefix), pax extended headers (`x` local, `g` global:
/// `path`, `linkpath`, `size`, `uid`, `gid`), GNU long names and long link names (`L`, `K`),
/// GNU base-256 numbers, and old v7 headers (a name ending in `/` is a folder). Written by hand
/// because the package mirror has no tar library.
public struct TarStreamReader {
    /// Largest pax record or GNU long name accepted.
    public static let maxMetadata: Int64 = 1 << 20

    private enum Metadata { case paxLocal, paxGlobal, longName, longLink }

    private enum State {
        case header
        case metadata(Metadata, remaining: Int64, padding: Int)
        case content(remaining: Int64, padding: Int)
        case padding(Int)
        case finished
    }

    private let handler: TarEntryHandler
    private var state = State.header
    private var block: [UInt8] = []
    private var metadata: [UInt8] = []
    private var localPax: [String: String] = [:]
    private var globalPax: [String: String] = [:]
    private var longName: String?
    private var longLink: String?
    private var zeroBlocks = 0
    /// Bytes consumed so far (for error messages).
    public private(set) var offset: Int64 = 0
    /// True once the end-of-archive marker (two zero blocks) was read.
    public var isFinished: Bool { if case .finished = state { return true } else { return false } }

    public init(handler: TarEntryHandler) {
        self.handler = handler
        block.reserveCapacity(512)
    }

    /// Consumes the next bytes of the stream; calls the handler for what they complete.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) throws {
        var i = 0
        while i < bytes.count {
            let available = bytes.count - i
            switch state {
            case .finished:
                offset += Int64(available)
                return  // trailing zero blocks or padding after the end marker
            case .header:
                let n = min(512 - block.count, available)
                block.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<(i + n)]))
                i += n
                offset += Int64(n)
                if block.count == 512 {
                    try headerComplete()
                    block.removeAll(keepingCapacity: true)
                }
            case .metadata(let kind, let remaining, let padding):
                let n = Int(min(remaining, Int64(available)))
                metadata.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<(i + n)]))
                i += n
                offset += Int64(n)
                if remaining - Int64(n) == 0 {
                    metadataComplete(kind)
                    state = padding > 0 ? .padding(padding) : .header
                } else {
                    state = .metadata(kind, remaining: remaining - Int64(n), padding: padding)
                }
            case .content(let remaining, let padding):
                let n = Int(min(remaining, Int64(available)))
                try handler.content(UnsafeRawBufferPointer(rebasing: bytes[i..<(i + n)]))
                i += n
                offset += Int64(n)
                if remaining - Int64(n) == 0 {
                    try handler.end()
                    state = padding > 0 ? .padding(padding) : .header
                } else {
                    state = .content(remaining: remaining - Int64(n), padding: padding)
                }
            case .padding(let left):
                let n = min(left, available)
                i += n
                offset += Int64(n)
                state = left - n == 0 ? .header : .padding(left - n)
            }
        }
    }

    /// Call at the end of the stream: fails when it ended inside a header or an entry. A stream
    /// without the end-of-archive marker but ending between entries is accepted (as GNU tar does).
    public func finish() throws {
        switch state {
        case .finished: return
        case .header where block.isEmpty: return
        default: throw TarError.truncated(offset: offset)
        }
    }

    private mutating func headerComplete() throws {
        let start = offset - 512
        if block.allSatisfy({ $0 == 0 }) {
            zeroBlocks += 1
            if zeroBlocks >= 2 { state = .finished }
            return
        }
        zeroBlocks = 0
        try verifyChecksum(at: start)
        let typeflag = block[156]
        var size = try number(124, 12, at: start)
        switch typeflag {
        case UInt8(ascii: "x"), UInt8(ascii: "g"), UInt8(ascii: "L"), UInt8(ascii: "K"):
            guard size <= Self.maxMetadata else { throw TarError.metadataTooLarge(offset: start, size: size) }
            let kind: Metadata =
                switch typeflag {
                case UInt8(ascii: "x"): .paxLocal
                case UInt8(ascii: "g"): .paxGlobal
                case UInt8(ascii: "L"): .longName
                default: .longLink
                }
            metadata.removeAll(keepingCapacity: true)
            let padding = Self.padding(size)
            if size == 0 {
                metadataComplete(kind)
                state = .header
            } else {
                state = .metadata(kind, remaining: size, padding: padding)
            }
            return
        default:
            break
        }
        let pax = globalPax.merging(localPax) { _, local in local }
        let magic = Array(block[257..<263])
        let posix = magic == Array("ustar\u{0}".utf8)
        var name = string(0, 100)
        if posix {
            let prefix = string(345, 155)
            if !prefix.isEmpty { name = prefix + "/" + name }
        }
        if let long = longName { name = long }
        if let path = pax["path"] { name = path }
        var link = string(157, 100)
        if let long = longLink { link = long }
        if let path = pax["linkpath"] { link = path }
        if let text = pax["size"], let value = Int64(text) { size = value }
        var uid = Int(try number(108, 8, at: start))
        var gid = Int(try number(116, 8, at: start))
        if let text = pax["uid"], let value = Int(text) { uid = value }
        if let text = pax["gid"], let value = Int(text) { gid = value }
        let kind: TarEntry.Kind
        switch typeflag {
        case 0, UInt8(ascii: "0"), UInt8(ascii: "7"):
            kind = name.hasSuffix("/") ? .directory : .file
        case UInt8(ascii: "1"): kind = .hardLink
        case UInt8(ascii: "2"): kind = .symlink
        case UInt8(ascii: "3"): kind = .characterDevice
        case UInt8(ascii: "4"): kind = .blockDevice
        case UInt8(ascii: "5"): kind = .directory
        case UInt8(ascii: "6"): kind = .fifo
        default: kind = .other
        }
        // Links, folders and devices carry no content even when a size is written.
        if kind == .hardLink || kind == .symlink || kind == .directory || kind == .characterDevice
            || kind == .blockDevice || kind == .fifo
        {
            size = 0
        }
        let entry = TarEntry(
            path: name, kind: kind, mode: UInt32(truncatingIfNeeded: try number(100, 8, at: start)) & 0o7777,
            uid: uid, gid: gid, size: size, linkName: link,
            deviceMajor: Int((try? number(329, 8, at: start)) ?? 0), deviceMinor: Int((try? number(337, 8, at: start)) ?? 0))
        localPax.removeAll()
        longName = nil
        longLink = nil
        try handler.begin(entry)
        if size == 0 {
            try handler.end()
            state = .header
        } else {
            state = .content(remaining: size, padding: Self.padding(size))
        }
    }

    private mutating func metadataComplete(_ kind: Metadata) {
        switch kind {
        case .paxLocal: localPax.merge(Self.paxRecords(metadata)) { _, new in new }
        case .paxGlobal: globalPax.merge(Self.paxRecords(metadata)) { _, new in new }
        case .longName: longName = Self.cString(metadata[...])
        case .longLink: longLink = Self.cString(metadata[...])
        }
        metadata.removeAll(keepingCapacity: true)
    }

    private static func padding(_ size: Int64) -> Int { Int((512 - size % 512) % 512) }

    private func verifyChecksum(at start: Int64) throws {
        var unsigned = 0
        var signed = 0
        for (i, byte) in block.enumerated() {
            let value = (148..<156).contains(i) ? 32 : byte
            unsigned += Int(value)
            signed += Int(Int8(bitPattern: value))
        }
        guard let stored = try? number(148, 8, at: start) else {
            throw TarError.badHeader(offset: start, reason: "the checksum field is not a number (not a tar stream?)")
        }
        if Int(stored) != unsigned && Int(stored) != signed {
            throw TarError.badHeader(offset: start, reason: "checksum mismatch (not a tar stream, or corrupt)")
        }
    }

    /// An octal field, or a GNU base-256 one (high bit of the first byte set).
    private func number(_ at: Int, _ length: Int, at start: Int64) throws -> Int64 {
        let field = block[at..<(at + length)]
        if let first = field.first, first & 0x80 != 0 {
            var value: Int64 = Int64(first & 0x7f)
            for byte in field.dropFirst() {
                guard value < (Int64.max >> 8) else {
                    throw TarError.badHeader(offset: start, reason: "base-256 number too large")
                }
                value = value << 8 | Int64(byte)
            }
            return value
        }
        var value: Int64 = 0
        var digits = 0
        for byte in field {
            if byte == 0 || byte == 32 {
                if digits > 0 { break } else { continue }
            }
            guard byte >= 48 && byte <= 55 else {
                throw TarError.badHeader(offset: start, reason: "a numeric field holds a non-octal byte")
            }
            value = value * 8 + Int64(byte - 48)
            digits += 1
        }
        return value
    }

    private func string(_ at: Int, _ length: Int) -> String {
        Self.cString(block[at..<(at + length)])
    }

    private static func cString(_ bytes: ArraySlice<UInt8>) -> String {
        let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
        return String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
    }

    /// `"<length> <key>=<value>\n"` records of a pax header.
    static func paxRecords(_ data: [UInt8]) -> [String: String] {
        var result: [String: String] = [:]
        var i = 0
        while i < data.count {
            var j = i
            var length = 0
            while j < data.count, data[j] >= 48, data[j] <= 57 {
                length = length * 10 + Int(data[j] - 48)
                j += 1
            }
            guard j < data.count, data[j] == 32, length > 0, i + length <= data.count else { break }
            let record = data[(j + 1)..<(i + length)]
            if let equals = record.firstIndex(of: UInt8(ascii: "=")) {
                let key = String(decoding: record[record.startIndex..<equals], as: UTF8.self)
                var valueEnd = record.endIndex
                if valueEnd > equals + 1, record[valueEnd - 1] == 10 { valueEnd -= 1 }
                result[key] = String(decoding: record[(equals + 1)..<valueEnd], as: UTF8.self)
            }
            i += length
        }
        return result
    }
}
