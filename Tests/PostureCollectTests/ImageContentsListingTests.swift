import Foundation
import PostureFacts
import Testing

@testable import PostureCollect

/// The image contents collector takes the image IDs the `images` collector listed in the same
/// collect, and asks the engine for its image list only when it is given none.
@Suite("image contents listing")
struct ImageContentsListingTests {
    /// A scripted engine listing one image, `sha256:listed`, and knowing no image by ID (each
    /// inspect is a 404, which the collector takes as an image removed while it read).
    private func engine() throws -> ScriptedServer {
        try ScriptedServer { _, target in
            switch target {
            case "/_ping":
                return .answer(Array("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2\r\n\r\nOK".utf8))
            case "/v1.41/images/json": return .answer(ScriptedServer.ok("[{\"Id\":\"sha256:listed\"}]"))
            default:
                let body = "{\"message\":\"no such image\"}"
                return .answer(Array("HTTP/1.1 404 Not Found\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8))
            }
        }
    }

    private func requests(imageIDs: [String]?) async throws -> (CollectorResult, [String]) {
        let server = try engine()
        defer { server.stop() }
        let session = try EngineSession(timeoutSeconds: 5)
        let client = session.client(for: try EngineEndpoint.parse("unix://" + server.path, source: "test"))
        _ = try await client.negotiateFromPing()
        let result = await ImageContentsCollector(client: client, method: "graph-driver", imageIDs: imageIDs).collect()
        await session.shutdown()
        return (result, server.requests.map(\.target))
    }

    @Test("given the listed IDs, the engine is not asked for its images again")
    func usesTheListedIDs() async throws {
        let (result, requests) = try await requests(imageIDs: ["sha256:given"])
        #expect(result.status == .ok, "\(result.error ?? "")")
        #expect(requests == ["/_ping", "/v1.41/images/sha256:given/json"])
    }

    @Test("given none, it lists them itself")
    func listsWhenNotGiven() async throws {
        let (result, requests) = try await requests(imageIDs: nil)
        #expect(result.status == .ok, "\(result.error ?? "")")
        #expect(requests == ["/_ping", "/v1.41/images/json", "/v1.41/images/sha256:listed/json"])
    }
}
