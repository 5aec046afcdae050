import Foundation
import PostureFacts

/// The fields of `/proc/<pid>/status` ("Name:\tdockerd", "Uid:\t0\t0\t0\t0", "CapEff:\t…").
struct ProcStatus: Sendable, Equatable {
    let text: String

    init(text: String) { self.text = text }

    /// The value of the line `key:` (trimmed), found on the UTF-8 bytes when asked: this runs
    /// for every running container on each collect, which asks for a dozen of the fifty-odd
    /// fields, so no table of all of them is built.
    subscript(key: String) -> String? {
        let bytes = text.utf8
        let keyLength = key.utf8.count
        var lineStart = bytes.startIndex
        while lineStart < bytes.endIndex {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            let line = bytes[lineStart..<lineEnd]
            if line.count > keyLength, line.starts(with: key.utf8) {
                let colon = bytes.index(lineStart, offsetBy: keyLength)
                if bytes[colon] == UInt8(ascii: ":") {
                    return String(Substring(bytes[bytes.index(after: colon)..<lineEnd]).trimmedOfWhitespace)
                }
            }
            lineStart = lineEnd == bytes.endIndex ? lineEnd : bytes.index(after: lineEnd)
        }
        return nil
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
