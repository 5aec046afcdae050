import Foundation
import Testing

@testable import PostureCollect

/// The API version comes from the engine: `/_ping`'s `API-Version` header (answered at once),
/// or `/version`'s `ApiVersion` when the ping gives none or fails with an HTTP error.
@Suite("API version negotiation")
struct APIVersionNegotiationTests {
    /// A scripted engine: `/_ping` answers with `pingHeaders` (or `pingStatus`), `/version` gives
    /// ApiVersion 1.43, anything else `{}`.
    private func engine(pingStatus: Int = 200, pingHeaders: String) throws -> ScriptedServer {
        try ScriptedServer { _, target in
            switch target {
            case "/_ping":
                let reason = pingStatus == 200 ? "OK" : "Not Found"
                let body = pingStatus == 200 ? "OK" : "{\"message\":\"page not found\"}"
                return .answer(
                    Array("HTTP/1.1 \(pingStatus) \(reason)\r\n\(pingHeaders)Content-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8))
            case "/version": return .answer(ScriptedServer.ok("{\"ApiVersion\":\"1.43\",\"Version\":\"24.0.7\"}"))
            default: return .answer(ScriptedServer.ok("{}"))
            }
        }
    }

    private func negotiate(_ server: ScriptedServer) async throws -> (fromPing: Bool, requests: [String]) {
        let session = try EngineSession(timeoutSeconds: 5)
        let client = session.client(for: try EngineEndpoint.parse("unix://" + server.path, source: "test"))
        let fromPing = try await client.negotiateFromPing()
        if !fromPing { try await client.negotiate() }
        _ = try await client.getObject("/info")
        await session.shutdown()
        return (fromPing, server.requests.map(\.target))
    }

    @Test("the ping's API-Version header is the version: /version is not waited for")
    func fromPing() async throws {
        let server = try engine(pingHeaders: "Api-Version: 1.41\r\n")
        defer { server.stop() }
        let (fromPing, requests) = try await negotiate(server)
        #expect(fromPing)
        #expect(requests == ["/_ping", "/v1.41/info"])
    }

    @Test("a ping without the header, with a header that is not a version, or failing: /version decides")
    func fallsBackToVersion() async throws {
        for (status, headers) in [(200, ""), (200, "API-Version: 1.41/../../x\r\n"), (404, "API-Version: 1.41\r\n")] {
            let server = try engine(pingStatus: status, pingHeaders: headers)
            defer { server.stop() }
            let (fromPing, requests) = try await negotiate(server)
            #expect(!fromPing, "ping \(status) \(headers.debugDescription)")
            #expect(requests == ["/_ping", "/version", "/v1.43/info"], "ping \(status) \(headers.debugDescription)")
        }
    }

    @Test("what reads as an API version")
    func versionText() {
        #expect(EngineClient.isAPIVersion("1.41"))
        #expect(!EngineClient.isAPIVersion(""))
        #expect(!EngineClient.isAPIVersion(".1"))
        #expect(!EngineClient.isAPIVersion("1.41/x"))
        #expect(!EngineClient.isAPIVersion("1.41 "))
    }
}
