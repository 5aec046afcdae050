import Foundation
import PostureFacts

/// The fields of `/proc/<pid>/status` ("Name:\tdockerd", "Uid:\t0\t0\t0\t0", "CapEff:\t…").
///
/// The text is split into `key: value` fields once, on its UTF-8 bytes: a collect reads this
/// file for every running container and asks for a dozen fields, and looking each one up by
/// walking the text again (through `String.UTF8View`, which has no contiguous fast path) was
/// most of what reading host facts cost per container.
struct ProcStatus: Sendable, Equatable {
    let text: String
    /// `(key, value)` per line that has a colon, in file order; values trimmed of whitespace.
    private let fields: [(key: String, value: String)]

    init(text: String) {
        self.text = text
        var fields: [(key: String, value: String)] = []
        fields.reserveCapacity(64)
        var bytesOwner = text
        bytesOwner.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                var colon = start
                while colon < end && bytes[colon] != UInt8(ascii: ":") { colon += 1 }
                if colon < end {
                    fields.append(Self.field(bytes, key: start..<colon, value: (colon + 1)..<end))
                }
                start = end + 1
            }
        }
        self.fields = fields
    }

    static func == (lhs: ProcStatus, rhs: ProcStatus) -> Bool { lhs.text == rhs.text }

    /// The key as is and the value trimmed as ``trimmedOfWhitespace`` trims it: ASCII whitespace
    /// on the bytes, through Characters when a non-ASCII byte is at an end (a process name may
    /// hold any bytes).
    private static func field(_ bytes: UnsafeBufferPointer<UInt8>, key: Range<Int>, value: Range<Int>) -> (String, String) {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[key]), as: UTF8.self)
        var lower = value.lowerBound
        var upper = value.upperBound
        while lower < upper && isSpace(bytes[lower]) { lower += 1 }
        while upper > lower && isSpace(bytes[upper - 1]) { upper -= 1 }
        if lower < upper && (bytes[lower] >= 0x80 || bytes[upper - 1] >= 0x80) {
            let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[value]), as: UTF8.self)
            return (name, String(raw.trimmedOfWhitespace))
        }
        return (name, String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self))
    }

    /// The value of the line `key:` (trimmed), or `nil` when there is no such line.
    subscript(key: String) -> String? {
        fields.first { $0.key == key }?.value
    }

    /// Whitespace-separated integers of a field (`Uid:` gives real, effective, saved, filesystem).
    func integers(_ key: String) -> [Int] {
        (self[key] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Int($0) }
    }

    func integer(_ key: String) -> Int? { integers(key).first }

    var name: String? { self["Name"] }
    var realUID: Int? { integers("Uid").first }
    var effectiveUID: Int? { integers("Uid").dropFirst().first }
    var realGID: Int? { integers("Gid").first }
    var effectiveGID: Int? { integers("Gid").dropFirst().first }
    /// The pid in the innermost pid namespace (the last `NSpid:` value).
    var innermostPID: Int? { integers("NSpid").last }

    /// Number of bits set in a hexadecimal capability mask (`000001ffffffffff` → 41).
    static func capabilityCount(_ hex: String) -> Int? {
        guard let mask = UInt64(hex, radix: 16) else { return nil }
        return mask.nonzeroBitCount
    }
}
