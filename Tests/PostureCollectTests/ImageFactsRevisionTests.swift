import Foundation
import PostureFacts
import Testing

@testable import PostureCollect

/// A collect does not read again an image whose inspect and history documents have the digest
/// its current facts were read from, and the digest is taken with ``ImageFacts/revision``. So
/// if the rows made of the documents change while the revision stays, every existing database
/// keeps the old rows of its unchanged images for good. These tests pin the rows made of the
/// recorded fixtures per revision, as `ContainerFactsRevisionTests` does for containers.
@Suite("image facts revision")
struct ImageFactsRevisionTests {
    /// SHA-256 of the rows ``ImageFacts`` makes of every recorded image, per revision. When the
    /// rows change, add a new revision in `ImageFacts.revision` and its fingerprint here; keep
    /// the old entries, so a revision is never reused.
    static let fingerprints = [
        "images/1": "66856d5b33b29600fae40553f127e49d1fe344126a0d56f0f5b9020b7d8237f6"
    ]

    @Test("the rows made of the recorded documents are the ones pinned for ImageFacts.revision")
    func rowsArePinnedForTheRevision() throws {
        FactsFingerprint.expectPinned(
            try Self.fingerprint(), revision: ImageFacts.revision, in: Self.fingerprints, type: "ImageFacts",
            suite: "ImageFactsRevisionTests")
    }

    @Test("the digest covers both documents and where one ends: moving bytes between them changes it")
    func digestDistinguishes() {
        let hasher = SecretHasher(key: Data(repeating: 1, count: 32))
        let inspect = Data(#"{"Id":"sha256:abc","RepoTags":["a:1"]}"#.utf8)
        let history = Data(#"[{"Id":"sha256:abc"}]"#.utf8)
        let digest = EngineCollector.imageDigest(inspect: inspect, history: history, hasher: hasher)
        #expect(digest.count == 16)
        #expect(digest == EngineCollector.imageDigest(inspect: inspect, history: history, hasher: hasher))
        #expect(digest != EngineCollector.imageDigest(inspect: inspect + history.prefix(1), history: history.dropFirst(), hasher: hasher))
        #expect(digest != EngineCollector.imageDigest(inspect: inspect, history: Data("[]".utf8), hasher: hasher))
        #expect(digest != hasher.digest(inspect + history, domain: ImageFacts.revision))
    }

    /// Every recorded image's rows, in image ID order, one line per row.
    static func fingerprint() throws -> String {
        var text = ""
        for name in ["docker-20.10-zoo", "podman-4-rootful-zoo"] {
            let engine = RecordedEngine(name)
            let ids = try engine.array("images.json").compactMap { $0["Id"].string }.sorted()
            for id in ids {
                let file = id.replacingOccurrences(of: "sha256:", with: "")
                let facts = ImageFacts(
                    inspect: try engine.object("images/\(file).json"), history: try engine.array("images/\(file).history.json"),
                    engineID: name, hasher: SecretHasher(key: Data(repeating: 3, count: 32)))
                for (table, rows) in [("images", [facts.image]), ("image_tags", facts.tags), ("image_env", facts.env), ("image_history", facts.history)] {
                    for row in rows {
                        text += FactsFingerprint.line(
                            table, row.sorted { $0.key < $1.key }.map { "\($0.key)=\(FactsFingerprint.render($0.value))" })
                    }
                }
            }
        }
        return FactsFingerprint.hash(text)
    }
}
