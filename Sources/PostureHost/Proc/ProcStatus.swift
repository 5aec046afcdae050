import Foundation
import PostureFacts

/// The fields of `/proc/<pid>/status` ("Name:\tdockerd", "Uid:\t0\t0\t0\t0", "CapEff:\t…").
///
/// The text's lines are located once, on its UTF-8 bytes, and a field's value is made into a
/// String only when it is asked for: a collect reads this file for every running container and
/// asks for a dozen of its fifty-odd fields. (Looking each one up by walking the text again,
/// through `String.UTF8View`, was once most of what reading host facts cost per container.)
struct ProcStatus: Sendable {
    private let bytes: [UInt8]
    /// Per line that has a colon, in file order: where its key and its value are in `bytes`.
    private let fields: [(key: Range<Int>, value: Range<Int>)]

    init(text: String) {
        bytes = Array(text.utf8)
        var fields: [(key: Range<Int>, value: Range<Int>)] = []
        fields.reserveCapacity(64)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var colon = start
            while colon < end && bytes[colon] != UInt8(ascii: ":") { colon += 1 }
            if colon < end { fields.append((start..<colon, (colon + 1)..<end)) }
            start = end + 1
        }
        self.fields = fields
    }

    /// The value of the line `key:`, trimmed of whitespace (a process name may hold any
    /// bytes), or `nil` when there is no such line.
    subscript(key: String) -> String? {
        var key = key
        return key.withUTF8 { wanted in
            bytes.withUnsafeBufferPointer { all in
                guard let field = fields.first(where: { all[$0.key].elementsEqual(wanted) }) else { return nil }
                return String(trimmingWhitespaceOf: UnsafeBufferPointer(rebasing: all[field.value]))
            }
        }
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
