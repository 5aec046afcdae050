import Crypto
import Foundation
import PostureFacts
import Testing
@testable import PostureCollect

/// A collect does not read again an inspect document whose digest matches the one the
/// container's current facts were read from, and the digest is taken with
/// ``ContainerFacts/revision``. So if the rows made of a document change while the revision
/// stays, every existing database keeps the old rows of its unchanged containers for good.
/// These tests pin the rows made of the recorded fixtures per revision.
@Suite("container facts revision")
struct ContainerFactsRevisionTests {
    /// SHA-256 of the rows ``ContainerRows`` makes of every recorded container inspect, per
    /// revision. When the rows change, add a new revision in `ContainerFacts.revision` and its
    /// fingerprint here; keep the old entries, so a revision is never reused.
    static let fingerprints = [
        "containers/1": "2c066740950eab9418597fab8fd7205843667cf7c273a69b8272c4f2082f2875"
    ]

    @Test("the rows made of the recorded documents are the ones pinned for ContainerFacts.revision")
    func rowsArePinnedForTheRevision() throws {
        FactsFingerprint.expectPinned(
            try Self.fingerprint(), revision: ContainerFacts.revision, in: Self.fingerprints, type: "ContainerFacts",
            suite: "ContainerFactsRevisionTests")
    }

    @Test("a digest depends on the key, the revision and every byte of the document")
    func digestDistinguishes() {
        let document = Data(#"{"Id":"abc","Config":{"Env":["A=1"]}}"#.utf8)
        let hasher = SecretHasher(key: Data(repeating: 1, count: 32))
        let digest = hasher.digest(document, domain: "containers/1")
        #expect(digest.count == 16)
        #expect(digest == hasher.digest(document, domain: "containers/1"))
        #expect(digest != hasher.digest(document, domain: "containers/2"))
        #expect(digest != SecretHasher(key: Data(repeating: 2, count: 32)).digest(document, domain: "containers/1"))
        var changed = document
        changed[changed.count - 4] = UInt8(ascii: "2")  // A=1 -> A=2
        #expect(digest != hasher.digest(changed, domain: "containers/1"))
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("containers/1\n".utf8) + document, using: SymmetricKey(data: Data(repeating: 1, count: 32)))
        #expect(digest == Data(mac.prefix(16)))
    }

    /// Every recorded container's rows, in container ID order, one line per row.
    static func fingerprint() throws -> String {
        var text = ""
        for name in ["docker-20.10-zoo", "podman-4-rootful-zoo"] {
            let engine = RecordedEngine(name)
            let ids = try engine.array("containers.json").compactMap { $0["Id"].string }.sorted()
            for id in ids {
                let facts = ContainerFacts(
                    inspect: try engine.object("containers/\(id).json"), engineID: name,
                    hasher: SecretHasher(key: Data(repeating: 3, count: 32)))
                for (table, rows) in zip(ContainerRows.tables, ContainerRows(facts).tables) {
                    for row in rows {
                        text += FactsFingerprint.line(table.table, row.map(FactsFingerprint.render))
                    }
                }
            }
        }
        return FactsFingerprint.hash(text)
    }
}
