/// Writes canonical JSON text: object members sorted by name (the first of repeated names
/// kept), no insignificant whitespace, strings escaped minimally (`"`, `\`, control
/// characters), whole numbers below 10^15 written as integers. The same document therefore
/// always yields the same text, and the same row hash, whatever order an engine sends it in.
///
/// Works on a parsed ``JSONDocument``: strings without escapes are copied as their bytes and
/// numbers are not converted unless needed, so nothing is built per value. ``Edit``s change
/// the text on the way (drop a member, write another value in its place), which is how the
/// collectors hash secrets and drop volatile fields without building a modified copy.
package struct CanonicalJSONWriter {
    /// A change to one member of an object, by name.
    package enum Edit: Sendable {
        /// Leave the member out.
        case remove
        /// The member is an object: apply these edits to its members (any other value is
        /// written unchanged).
        case members([String: Edit])
        /// Write something else in the member's place (the closure must write one value).
        case replace(@Sendable (JSONValue, inout CanonicalJSONWriter) -> Void)
    }

    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    /// The text written so far.
    package var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The canonical text of `value` with `edits` applied to its members.
    package static func text(of value: JSONValue, edits: [String: Edit] = [:], capacity: Int = 4096) -> String {
        var writer = CanonicalJSONWriter(capacity: capacity)
        writer.write(value, edit: edits.isEmpty ? nil : .members(edits))
        return writer.text
    }

    /// Writes `value`; `edit` (`.members` only) applies when it is an object.
    package mutating func write(_ value: JSONValue, edit: Edit? = nil) {
        let document = value.document
        let node = document.nodes[value.index]
        switch node.kind {
        case .object:
            if case .members(let edits)? = edit {
                writeObject(value, edits: edits)
            } else {
                writeObject(value, edits: nil)
            }
        case .array:
            bytes.append(UInt8(ascii: "["))
            var i = value.index + 1
            var first = true
            while i < Int(node.end) {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                write(JSONValue(document: document, index: i))
                i = Int(document.nodes[i].end)
            }
            bytes.append(UInt8(ascii: "]"))
        case .string:
            if node.escaped {
                writeString(value.string ?? "")
            } else {
                bytes.append(UInt8(ascii: "\""))
                let start = Int(node.start)
                bytes.append(contentsOf: document.bytes[start..<start + Int(node.length)])
                bytes.append(UInt8(ascii: "\""))
            }
        case .number:
            writeNumber(node, document)
        case .true: append("true")
        case .false: append("false")
        case .null: append("null")
        }
    }

    /// Writes an object from explicit members (sorted here by name); each closure writes one value.
    package mutating func writeObject(_ members: [(name: String, write: (inout CanonicalJSONWriter) -> Void)]) {
        bytes.append(UInt8(ascii: "{"))
        for (i, member) in members.sorted(by: { $0.name < $1.name }).enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            writeString(member.name)
            bytes.append(UInt8(ascii: ":"))
            member.write(&self)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// Writes an array of `items`, each written by `element`.
    package mutating func writeArray<Item>(_ items: [Item], _ element: (Item, inout CanonicalJSONWriter) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            element(item, &self)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes `string` as a JSON string.
    package mutating func writeString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings need no escape: append their bytes whole.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            bytes.append(contentsOf: string.utf8)
        } else {
            for byte in string.utf8 {
                switch byte {
                case 0x22: append("\\\"")
                case 0x5C: append("\\\\")
                case 0x0A: append("\\n")
                case 0x0D: append("\\r")
                case 0x09: append("\\t")
                case 0..<0x20:
                    append("\\u00")
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0x0F)])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes JSON text that is already canonical (`true`, `null`, a number).
    package mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func writeObject(_ value: JSONValue, edits: [String: Edit]?) {
        let document = value.document
        let nodes = document.nodes
        let node = nodes[value.index]
        // (name, index of the name node), sorted by name; repeated names keep the first.
        var members: [(name: String, index: Int)] = []
        members.reserveCapacity(Int(node.length))
        var i = value.index + 1
        while i < Int(node.end) {
            members.append((JSONValue(document: document, index: i).string ?? "", i))
            i = Int(nodes[i + 1].end)
        }
        members.sort { $0.name < $1.name || ($0.name == $1.name && $0.index < $1.index) }
        bytes.append(UInt8(ascii: "{"))
        var first = true
        var previous: String?
        for member in members {
            if member.name == previous { continue }
            previous = member.name
            let memberValue = JSONValue(document: document, index: member.index + 1)
            let edit = edits?[member.name]
            if case .remove? = edit { continue }
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            write(JSONValue(document: document, index: member.index))  // the name, as a string
            bytes.append(UInt8(ascii: ":"))
            if case .replace(let body)? = edit {
                body(memberValue, &self)
            } else {
                write(memberValue, edit: edit)
            }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// Integers as written (normalised, `-0` → `0`); other numbers as Swift prints the Double,
    /// except whole ones below 10^15, which are written as integers; non-finite as `null`.
    private mutating func writeNumber(_ node: JSONDocument.Node, _ document: JSONDocument) {
        document.bytes.withUnsafeBufferPointer { raw in
            let start = Int(node.start)
            let end = start + Int(node.length)
            let isInteger = !raw[start..<end].contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
            if isInteger, let integer = JSONText.integer(node, raw) {
                bytes.append(contentsOf: String(integer).utf8)
                return
            }
            let double = JSONText.number(node, raw)
            if double.isFinite, double == double.rounded(), abs(double) < 1e15 {
                bytes.append(contentsOf: String(Int64(double)).utf8)
            } else {
                bytes.append(contentsOf: (double.isFinite ? String(double) : "null").utf8)
            }
        }
    }
}
