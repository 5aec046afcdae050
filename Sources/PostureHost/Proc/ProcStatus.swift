import Foundation
import PostureFacts

/// The fields of `/proc/<pid>/status` ("Name:\tdockerd", "Uid:\t0\t0\t0\t0", "CapEff:\t…").
struct ProcStatus: Sendable, Equatable {
    let fields: [String: String]

    /// Lines and the colon are found on the UTF-8 bytes: this runs for every process of every
    /// running container on each collect.
    init(text: String) {
        var fields: [String: String] = [:]
        for bytes in text.utf8.split(separator: UInt8(ascii: "\n")) {
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let line = Substring(bytes)
            fields[String(line[..<colon])] = String(line[bytes.index(after: colon)...].trimmedOfWhitespace)
        }
        self.fields = fields
    }

    subscript(key: String) -> String? { fields[key] }

    /// Whitespace-separated integers of a field (`Uid:` gives real, effective, saved, filesystem).
    func integers(_ key: String) -> [Int] {
        (fields[key] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Int($0) }
    }

    func integer(_ key: String) -> Int? { integers(key).first }

    var name: String? { fields["Name"] }
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
