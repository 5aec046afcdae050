/// A parsed JSON text (RFC 8259) kept as its bytes plus a flat list of nodes, one per value and
/// per object key, in document order. Strings and numbers stay byte ranges of the text until
/// they are read, so a scanner report's many members that posture never reads (descriptions,
/// references, layer digests) cost one pass over their bytes and nothing else.
///
/// Written by hand because Foundation's `JSONDecoder` spent about a quarter of a 10,000-finding
/// import building a keyed container per object, and the package mirror offers no faster JSON
/// library. The parser is strict: anything that is not JSON (a truncated document, a bad escape,
/// a control character in a string, trailing garbage, nesting deeper than 512) is refused with
/// the byte offset; `JSONReaderTests` checks it against `JSONSerialization` on tricky inputs.
/// Bytes that are not UTF-8 inside a string are refused too (RFC 8259 texts are UTF-8; Foundation
/// refuses them as well), so a Latin-1 or binary report is never imported with mangled names.
package final class JSONDocument: @unchecked Sendable {
    package enum Kind: UInt8, Sendable {
        case object, array, string, number, `true`, `false`, null
    }

    /// One value or object key. Containers record where their subtree ends so a reader can
    /// skip a whole member in one step.
    package struct Node: Sendable {
        package var kind: Kind
        /// Strings: an escape sequence occurs in the bytes.
        package var escaped: Bool
        /// Strings: first byte after the opening quote; numbers: first byte; containers: the
        /// opening bracket.
        package var start: UInt32
        /// Strings and numbers: byte length; containers: number of members or elements.
        package var length: UInt32
        /// Index of the first node after this value's subtree.
        package var end: UInt32
    }

    /// The text, followed by one NUL byte (a sentinel, not part of the text).
    package let bytes: [UInt8]
    package let nodes: [Node]

    package static let maximumDepth = 512

    /// Parses `text`; throws ``JSONSyntaxError`` on anything that is not one JSON value
    /// (surrounded by optional whitespace and a leading UTF-8 byte-order mark).
    package init<Bytes: Collection>(parsing text: Bytes) throws where Bytes.Element == UInt8 {
        var buffer = [UInt8]()
        buffer.reserveCapacity(text.count + 1)
        buffer.append(contentsOf: text)
        guard buffer.count < Int(UInt32.max) else {
            throw JSONSyntaxError(offset: 0, message: "the document is larger than 4 GiB")
        }
        buffer.append(0)
        bytes = buffer
        var parsed: [Node] = []
        try buffer.withUnsafeBufferPointer { pointer in
            var reserved = [Node]()
            // About one node per 24 bytes in scanner reports; a guess, not a limit.
            reserved.reserveCapacity(pointer.count / 24 + 16)
            var parser = Parser(bytes: pointer, count: pointer.count - 1, nodes: reserved)
            try parser.document()
            parsed = parser.nodes
        }
        nodes = parsed
    }

    /// The root value.
    package var root: JSONValue { JSONValue(document: self, index: 0) }
}

/// Why a text is not JSON, and where.
package struct JSONSyntaxError: Error, Equatable {
    /// Byte offset of the problem in the text.
    package let offset: Int
    package let message: String

    package init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    package var description: String { "\(message) at byte \(offset)" }
}

/// Recursive-descent parser over the bytes; appends nodes in document order.
private struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Length of the text (without the sentinel).
    let count: Int
    var nodes: [JSONDocument.Node]
    var position = 0
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>, count: Int, nodes: [JSONDocument.Node]) {
        self.bytes = bytes
        self.count = count
        self.nodes = nodes
    }

    mutating func document() throws {
        if count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
        skipWhitespace()
        guard position < count else { throw fail("the document is empty") }
        try value()
        skipWhitespace()
        guard position == count else { throw fail("unexpected text after the JSON value") }
    }

    func fail(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: position, message: position >= count ? "unexpected end of the document" : message)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    mutating func value() throws {
        guard position < count else { throw fail("a value is missing") }
        switch bytes[position] {
        case UInt8(ascii: "{"): try object()
        case UInt8(ascii: "["): try array()
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true", .true)
        case UInt8(ascii: "f"): try literal("false", .false)
        case UInt8(ascii: "n"): try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw fail("unexpected character '\(Self.show(bytes[position]))'")
        }
    }

    static func show(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
    }

    mutating func literal(_ word: StaticString, _ kind: JSONDocument.Kind) throws {
        let start = position
        let length = word.utf8CodeUnitCount
        guard start + length <= count else {
            position = count
            throw fail("")
        }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: length)
        for i in 0..<length where bytes[start + i] != expected[i] {
            position = start + i
            throw fail("invalid literal (expected \(word))")
        }
        position += length
        nodes.append(.init(kind: kind, escaped: false, start: UInt32(start), length: UInt32(length), end: UInt32(nodes.count + 1)))
    }

    mutating func enter() throws {
        depth += 1
        if depth > JSONDocument.maximumDepth { throw fail("nesting deeper than \(JSONDocument.maximumDepth) levels") }
    }

    mutating func object() throws {
        try enter()
        let index = nodes.count
        nodes.append(.init(kind: .object, escaped: false, start: UInt32(position), length: 0, end: 0))
        position += 1
        skipWhitespace()
        var members: UInt32 = 0
        if position < count && bytes[position] == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                guard position < count else { throw fail("") }
                guard bytes[position] == UInt8(ascii: "\"") else { throw fail("expected a member name in quotes") }
                try string()
                skipWhitespace()
                guard position < count, bytes[position] == UInt8(ascii: ":") else { throw fail("expected ':' after a member name") }
                position += 1
                skipWhitespace()
                try value()
                members += 1
                skipWhitespace()
                guard position < count else { throw fail("") }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                    skipWhitespace()
                    continue
                }
                guard bytes[position] == UInt8(ascii: "}") else { throw fail("expected ',' or '}' in an object") }
                position += 1
                break
            }
        }
        nodes[index].length = members
        nodes[index].end = UInt32(nodes.count)
        depth -= 1
    }

    mutating func array() throws {
        try enter()
        let index = nodes.count
        nodes.append(.init(kind: .array, escaped: false, start: UInt32(position), length: 0, end: 0))
        position += 1
        skipWhitespace()
        var elements: UInt32 = 0
        if position < count && bytes[position] == UInt8(ascii: "]") {
            position += 1
        } else {
            while true {
                try value()
                elements += 1
                skipWhitespace()
                guard position < count else { throw fail("") }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                    skipWhitespace()
                    continue
                }
                guard bytes[position] == UInt8(ascii: "]") else { throw fail("expected ',' or ']' in an array") }
                position += 1
                break
            }
        }
        nodes[index].length = elements
        nodes[index].end = UInt32(nodes.count)
        depth -= 1
    }

    mutating func string() throws {
        position += 1  // opening quote
        let start = position
        var escaped = false
        var nonASCII = false
        while true {
            guard position < count else { throw fail("") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { break }
            if byte >= 0x80 { nonASCII = true }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                position += 1
                guard position < count else { throw fail("") }
                switch bytes[position] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 1
                case UInt8(ascii: "u"):
                    position += 1
                    for _ in 0..<4 {
                        guard position < count else { throw fail("") }
                        guard JSONText.hexValue(bytes[position]) != nil else { throw fail("invalid \\u escape in a string") }
                        position += 1
                    }
                default:
                    throw fail("invalid escape '\\\(Self.show(bytes[position]))' in a string")
                }
                continue
            }
            if byte < 0x20 { throw fail("unescaped control character in a string") }
            position += 1
        }
        // Only strings can hold non-ASCII bytes in a JSON text, so validating them here covers it.
        if nonASCII && String(validating: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self) == nil {
            throw JSONSyntaxError(offset: start, message: "bytes that are not UTF-8 in a string (the report must be UTF-8)")
        }
        nodes.append(
            .init(kind: .string, escaped: escaped, start: UInt32(start), length: UInt32(position - start), end: UInt32(nodes.count + 1)))
        position += 1  // closing quote
    }

    mutating func number() throws {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < count, Self.isDigit(bytes[position]) else { throw fail("a number needs digits") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < count && Self.isDigit(bytes[position]) { throw fail("a number can not start with 0") }
        } else {
            while position < count && Self.isDigit(bytes[position]) { position += 1 }
        }
        if position < count && bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < count, Self.isDigit(bytes[position]) else { throw fail("a number needs digits after '.'") }
            while position < count && Self.isDigit(bytes[position]) { position += 1 }
        }
        if position < count && (bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E")) {
            position += 1
            if position < count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) { position += 1 }
            guard position < count, Self.isDigit(bytes[position]) else { throw fail("a number needs digits in its exponent") }
            while position < count && Self.isDigit(bytes[position]) { position += 1 }
        }
        nodes.append(
            .init(kind: .number, escaped: false, start: UInt32(start), length: UInt32(position - start), end: UInt32(nodes.count + 1)))
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
