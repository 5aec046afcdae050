import Foundation
import PostureStore
import Testing

@testable import PostureReport

/// ``JSONStream`` writes reports and diffs without a tree; its bytes must be exactly those
/// ``JSONValue`` renders for the same document, empty containers and nesting included.
@Suite("JSON stream writer")
struct JSONStreamTests {
    /// Writes `value` through the stream's own calls (containers opened and closed, members
    /// keyed), not through ``JSONStream/value(_:)``.
    static func stream(_ value: JSONValue, into out: inout JSONStream) {
        switch value {
        case .array(let items):
            out.openArray()
            for item in items {
                out.element()
                stream(item, into: &out)
            }
            out.closeArray()
        case .object(let members):
            out.openObject()
            for (key, member) in members {
                out.key(key)
                stream(member, into: &out)
            }
            out.closeObject()
        case .string(let text):
            out.string(text)
        default:
            out.value(value)
        }
    }

    static let document: JSONValue = .object([
        ("kind", .string("posture-diff")),
        ("empty_array", .array([])),
        ("empty_object", .object([])),
        ("escaped", .string("a \"quoted\" \\ back\nslash\t\u{01}")),
        ("numbers", .array([.int(0), .int(-7), .double(2.5), .double(.nan), .null, .bool(true), .bool(false)])),
        ("nested", .array([
            .object([("key", .object([("engine_id", .string("e")), ("name", .string("web"))])), ("values", .object([]))]),
            .array([.array([]), .array([.object([])]), .object([("deep", .array([.string("x")]))])]),
        ])),
    ])

    @Test("a document streamed call by call renders byte for byte as the tree")
    func streamedMatchesTree() {
        var out = JSONStream()
        Self.stream(Self.document, into: &out)
        let streamed = out.finished()
        #expect(streamed == Self.document.renderedBytes())
        #expect(String(decoding: streamed, as: UTF8.self).contains("\"empty_array\": [],"))
    }

    @Test("parts written as values inside a stream are indented to their depth")
    func valuesInsideStream() {
        var out = JSONStream()
        out.openObject()
        out.key("outer")
        out.openArray()
        out.element()
        out.value(Self.document)
        out.element()
        out.member(sqlNull: ())
        out.closeArray()
        out.member("text", sql: .text("t\"x"))
        out.member("blob", sql: .blob([0xAB, 0x01]))
        out.member("number", sql: .int(42))
        out.closeObject()
        let tree: JSONValue = .object([
            ("outer", .array([Self.document, .null])),
            ("text", .sql(.text("t\"x"))), ("blob", .sql(.blob([0xAB, 0x01]))), ("number", .sql(.int(42))),
        ])
        #expect(out.finished() == tree.renderedBytes())
    }
}

extension JSONStream {
    /// A null element (test helper).
    fileprivate mutating func member(sqlNull: Void) { value(.sql(.null)) }
}
