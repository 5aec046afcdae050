import Crypto
import Foundation
import PostureFacts
import Testing

/// The fingerprint of the rows a facts type makes of the recorded fixtures, pinned per revision
/// of that type (``ContainerFacts/revision``, ``ImageFacts/revision``): a collect does not read
/// again a document whose digest, taken with the revision, is unchanged, so rows that change
/// while the revision stays would never reach an existing database.
enum FactsFingerprint {
    /// One line of the text hashed: the table, then each value typed and escaped.
    static func line(_ table: String, _ values: [String]) -> String {
        table + "\t" + values.joined(separator: "\t") + "\n"
    }

    /// A value as text that tells NULL, integers, doubles and text apart.
    static func render(_ value: FactValue) -> String {
        switch value {
        case .null: return "NULL"
        case .int(let v): return "i" + String(v)
        case .double(let v): return "d" + String(v)
        case .text(let v): return "t" + v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
                .replacingOccurrences(of: "\n", with: "\\n")
        }
    }

    /// SHA-256 of `text`, in hex.
    static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Expects `fingerprint` to be the one pinned for `revision`, and no fingerprint pinned twice.
    /// `type` and `suite` name where to change the revision and pin the new fingerprint.
    static func expectPinned(
        _ fingerprint: String, revision: String, in fingerprints: [String: String], type: String, suite: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(
            fingerprints[revision] == fingerprint,
            """
            the rows made of the recorded documents changed (fingerprint \(fingerprint)): change \(type).revision \
            and pin its fingerprint in \(suite), or existing databases keep the old rows of what did not change
            """, sourceLocation: sourceLocation)
        #expect(Set(fingerprints.values).count == fingerprints.count, "one fingerprint per revision", sourceLocation: sourceLocation)
    }
}
