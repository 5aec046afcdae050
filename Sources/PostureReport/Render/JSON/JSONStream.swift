import PostureJSON
import PostureStore

/// Writes a JSON document straight to UTF-8 bytes, member by member, in exactly the layout
/// ``JSONValue`` renders (two-space indentation, `[]` and `{}` when empty), without building a
/// tree first: a report holds a result object per finding and a distant diff a delta per
/// changed row, and a tree of them cost more than writing them.
///
/// Containers are opened and closed explicitly; inside an object call ``key(_:)`` before each
/// value, inside an array ``element()``. Small parts can still be written as a ``JSONValue``.
struct JSONStream {
    private(set) var bytes: [UInt8] = []
    /// Per open container: whether it has a member yet (decides `,` and the closing layout).
    private var filled: [Bool] = []

    init(capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
    }

    /// The document so far followed by a newline, as ``JSONValue/renderedBytes()`` ends.
    mutating func finished() -> [UInt8] {
        bytes.append(0x0A)
        return bytes
    }

    mutating func openObject() { open(UInt8(ascii: "{")) }
    mutating func openArray() { open(UInt8(ascii: "[")) }

    /// Closes the innermost container with `bracket`.
    private mutating func close(_ bracket: UInt8) {
        if filled.removeLast() {
            bytes.append(0x0A)
            JSONValue.indent(filled.count, into: &bytes)
        }
        bytes.append(bracket)
    }

    /// Closes the innermost container: on its own line, or right after the opening bracket when empty.
    mutating func closeObject() { close(UInt8(ascii: "}")) }
    mutating func closeArray() { close(UInt8(ascii: "]")) }

    /// Starts the next member of the innermost object: `"name": ` on its own line.
    mutating func key(_ name: String) {
        separate()
        JSONText.appendQuoted(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
    }

    /// Starts the next element of the innermost array.
    mutating func element() { separate() }

    /// A value at the current position (after ``key(_:)`` or ``element()``).
    mutating func value(_ value: JSONValue) { value.write(into: &bytes, depth: filled.count) }

    /// A string at the current position (null when `nil`), escaped as JSON requires.
    mutating func string(_ text: String?) {
        guard let text else { return null() }
        JSONText.appendQuoted(text, to: &bytes)
    }

    mutating func null() { bytes.append(contentsOf: "null".utf8) }

    /// `key` then `value`.
    mutating func member(_ name: String, _ value: JSONValue) {
        key(name)
        self.value(value)
    }

    /// `key` then the text as a string (null when `nil`).
    mutating func member(_ name: String, string text: String?) {
        key(name)
        string(text)
    }

    /// `key` then the SQL value as ``JSONValue/sql(_:)`` writes it.
    mutating func member(_ name: String, sql: SQLValue) {
        key(name)
        if case .text(let text) = sql { string(text) } else { value(.sql(sql)) }
    }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        filled.append(false)
    }

    private mutating func separate() {
        if filled[filled.count - 1] {
            bytes.append(UInt8(ascii: ","))
        } else {
            filled[filled.count - 1] = true
        }
        bytes.append(0x0A)
        JSONValue.indent(filled.count, into: &bytes)
    }
}
