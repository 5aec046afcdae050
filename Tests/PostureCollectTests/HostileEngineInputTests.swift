import Foundation
import PostureFacts
import Testing
@testable import PostureCollect

/// Engine answers no engine should send, decoded by the same code a collect runs
/// (``EngineClient/object(from:endpoint:path:)`` then the facts mappers): they are refused
/// with a message naming the engine and the request, or mapped, and never crash.
@Suite("hostile engine answers")
struct HostileEngineInputTests {
    let hasher = SecretHasher(key: Data(repeating: 1, count: 32))
    let path = "/containers/x/json"

    func decode(_ data: Data) throws -> EngineValue {
        try EngineClient.object(from: data, endpoint: "unix:///e.sock", path: path)
    }

    @Test("deeply nested JSON (100,000 levels) is refused as not JSON, without a stack overflow")
    func deeplyNested() throws {
        let depth = 100_000
        let text = #"{"Id":"abc","Config":{"Labels":{"a":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}}}"
        #expect(throws: CollectError.self) { try decode(Data(text.utf8)) }
        do {
            _ = try decode(Data(text.utf8))
        } catch let error as CollectError {
            let message = error.errorDescription ?? ""
            #expect(message.contains("unix:///e.sock") && message.contains(path), "\(message)")
        }
    }

    @Test("nesting the parser accepts still maps to facts")
    func nestedButAccepted() throws {
        let depth = 200
        let text = #"{"Id":"abc","Name":"/deep","Config":{"Labels":{"a":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + #","b":"x"}}}"#
        let facts = ContainerFacts(inspect: try decode(Data(text.utf8)), engineID: "e", hasher: hasher)
        #expect(facts.container["name"]?.textValue == "deep")
        // A label value that is not text is kept as an empty value, never dropped silently.
        #expect(facts.labels.count == 2)
    }

    @Test("bytes that are not UTF-8 are refused with the engine and request named")
    func notUTF8() throws {
        var data = Data(#"{"Id":"abc","Name":"/x","Config":{"Labels":{"k":""#.utf8)
        data.append(contentsOf: [0xFF, 0xFE, 0xC3, 0x28, 0xED, 0xA0, 0x80])
        data.append(contentsOf: Data(#""}}}"#.utf8))
        #expect(throws: CollectError.badResponse(endpoint: "unix:///e.sock", path: path, reason: "not JSON (\(data.count) bytes)")) {
            try decode(data)
        }
        // Latin-1 and UTF-16 documents are not JSON either (the Engine API is UTF-8).
        #expect(throws: CollectError.self) { try decode("{\"Id\":\"caf\u{E9}\"}".data(using: .isoLatin1)!) }
    }

    @Test("NUL characters escaped in strings are kept as text")
    func escapedControlCharacters() throws {
        let text = #"{"Id":"abc","Name":"/n\u0000ul","Config":{"Env":["A=\u0000"],"Labels":{"k\u0000":"v"}}}"#
        let facts = ContainerFacts(inspect: try decode(Data(text.utf8)), engineID: "e", hasher: hasher)
        #expect(facts.container["name"]?.textValue == "n\u{0}ul")
        #expect(facts.env.count == 1)
        #expect(facts.labels.first?["key"]?.textValue == "k\u{0}")
    }

    @Test("a 100 MB inspect answer (huge label values) maps to facts")
    func hundredMegabytes() throws {
        let value = String(repeating: "x", count: 1_000_000)
        var labels: [String: String] = [:]
        for i in 0..<100 { labels["big.\(i)"] = value }
        let document: [String: Any] = ["Id": "abc", "Name": "/huge", "Config": ["Labels": labels, "Env": ["A=" + value]]]
        let data = try JSONSerialization.data(withJSONObject: document)
        #expect(data.count > 100_000_000)
        let facts = ContainerFacts(inspect: try decode(data), engineID: "e", hasher: hasher)
        #expect(facts.labels.count == 100)
        #expect(facts.labels.allSatisfy { $0["value"]?.textValue?.count == 1_000_000 })
        #expect(facts.env.first?["value_hash"]?.textValue?.hasPrefix("hmac-sha256:") == true)
    }

    @Test("a list answer that is an object, a number or null")
    func wrongShapes() throws {
        func list(_ text: String) throws -> [EngineValue] {
            try EngineClient.array(from: Data(text.utf8), endpoint: "e", path: "/containers/json")
        }
        #expect(try list("null").isEmpty)
        #expect(throws: CollectError.self) { try list(#"{"message":"page not found"}"#) }
        #expect(throws: CollectError.self) { try list("42") }
        #expect(throws: CollectError.self) { try list(#"[1, "a", null]"#) }
        #expect(throws: CollectError.self) { try decode(Data("[]".utf8)) }
        #expect(throws: CollectError.self) { try decode(Data()) }
    }
}
