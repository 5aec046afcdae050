@testable import PostureScans
import Testing

@Suite struct ImageReferenceTests {
    @Test(arguments: [
        ("nginx", "nginx:latest"),
        ("nginx:1.25", "nginx:1.25"),
        ("docker.io/library/nginx:1.25", "nginx:1.25"),
        ("index.docker.io/library/nginx", "nginx:latest"),
        ("docker.io/bitnami/redis:7", "bitnami/redis:7"),
        ("library/nginx:1", "nginx:1"),
        ("ghcr.io/org/app:v1.2", "ghcr.io/org/app:v1.2"),
        ("localhost:5000/app:dev", "localhost:5000/app:dev"),
        ("docker:registry.example.com/shop/webapp:1.4", "registry.example.com/shop/webapp:1.4"),
        ("docker:24-dind", "docker:24-dind"),
    ])
    func taggedNames(raw: String, expected: String) {
        #expect(ImageReference(raw)?.taggedName == expected)
    }

    @Test func digestOnlyReferenceHasNoTag() throws {
        let ref = try #require(ImageReference("keycloak/keycloak@sha256:" + String(repeating: "ab", count: 32)))
        #expect(ref.tag == nil)
        #expect(ref.digest == "sha256:" + String(repeating: "ab", count: 32))
    }

    @Test(arguments: ["/tmp/image.tar", "./image.tar", "Upper/Case:1", "sarim04/juiceshop:latest/juiceshop", "", "a b:c"])
    func rejectsWhatIsNoReference(raw: String) {
        #expect(ImageReference(raw) == nil)
    }

    @Test func imageIDsGetThePrefix() {
        let hex = String(repeating: "0f", count: 32)
        #expect(ImageReference.normalizedImageID(hex) == "sha256:" + hex)
        #expect(ImageReference.normalizedImageID("SHA256:" + hex.uppercased()) == "sha256:" + hex)
        #expect(ImageReference.normalizedImageID("not-an-id") == nil)
    }

    @Test func subjectPrefersImageIDThenDigestThenTag() {
        let id = "sha256:" + String(repeating: "1", count: 64)
        let digest = "sha256:" + String(repeating: "2", count: 64)
        let byID = ScanSubject(imageID: id, imageRef: "a:1", repoDigests: ["a@" + digest], repoTags: ["a:1"], tagCandidates: ["a:1"])
        #expect(byID.matchKind == .imageID && byID.matchKey == id)
        let byDigest = ScanSubject(imageID: nil, imageRef: "a:1", repoDigests: ["a@" + digest], repoTags: [], tagCandidates: ["a:1"])
        #expect(byDigest.matchKind == .repoDigest && byDigest.matchKey == digest)
        let byTag = ScanSubject(imageID: nil, imageRef: "docker.io/library/a", repoDigests: [], repoTags: [], tagCandidates: ["docker.io/library/a"])
        #expect(byTag.matchKind == .repoTag && byTag.matchKey == "a:latest")
        let none = ScanSubject(imageID: nil, imageRef: "/tmp/x.tar", repoDigests: [], repoTags: [], tagCandidates: ["/tmp/x.tar"])
        #expect(none.matchKind == .none && none.matchKey == nil)
    }
}
