import Foundation

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
        var edits: [String: Edit]?
        if case .members(let m)? = edit { edits = m }
        let document = value.document
        document.bytes.withUnsafeBufferPointer { bytes in
            document.nodes.withUnsafeBufferPointer { nodes in
                write(Tree(document: document, bytes: bytes, nodes: nodes), value.index, edits)
            }
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
        JSONText.appendQuoted(string, to: &bytes)
    }

    /// Writes JSON text that is already canonical (`true`, `null`, a number).
    package mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// The parsed document as raw buffers, for the recursive writer (no reference counting
    /// per value: this writes every container's and image's inspect at every collect).
    private struct Tree {
        let document: JSONDocument
        let bytes: UnsafeBufferPointer<UInt8>
        let nodes: UnsafeBufferPointer<JSONDocument.Node>

        /// Whether string node `index` is free of escapes and all ASCII: its bytes then order
        /// exactly as its text does.
        func isPlainASCII(_ index: Int) -> Bool {
            let node = nodes[index]
            if node.escaped { return false }
            let start = Int(node.start)
            for i in start..<start + Int(node.length) where bytes[i] >= 0x80 { return false }
            return true
        }

        func text(_ index: Int) -> String { JSONText.decode(nodes[index], bytes) }

        /// The edit whose name is the text of string node `index`, if any.
        func edit(for index: Int, plain: Bool, in edits: [(name: [UInt8], edit: Edit)]) -> Edit? {
            let node = nodes[index]
            if !plain {
                let name = Array(text(index).utf8)
                return edits.first { $0.name == name }?.edit
            }
            let start = bytes.baseAddress! + Int(node.start)
            for candidate in edits where candidate.name.count == Int(node.length) {
                if candidate.name.isEmpty { return candidate.edit }
                if candidate.name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, start, $0.count) }) == 0 {
                    return candidate.edit
                }
            }
            return nil
        }

        /// Orders two member names as Swift orders their texts (`<` on String).
        func less(_ a: Int, _ b: Int, plain: (Bool, Bool)) -> Bool? {
            guard plain.0 && plain.1 else {
                let (x, y) = (text(a), text(b))
                return x == y ? nil : x < y
            }
            let (na, nb) = (nodes[a], nodes[b])
            let common = Int(min(na.length, nb.length))
            let order = memcmp(bytes.baseAddress! + Int(na.start), bytes.baseAddress! + Int(nb.start), common)
            if order != 0 { return order < 0 }
            return na.length == nb.length ? nil : na.length < nb.length
        }
    }

    private mutating func write(_ tree: Tree, _ index: Int, _ edits: [String: Edit]?) {
        let node = tree.nodes[index]
        switch node.kind {
        case .object:
            writeObject(tree, index, edits)
        case .array:
            bytes.append(UInt8(ascii: "["))
            var i = index + 1
            var first = true
            while i < Int(node.end) {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                write(tree, i, nil)
                i = Int(tree.nodes[i].end)
            }
            bytes.append(UInt8(ascii: "]"))
        case .string:
            if node.escaped {
                writeString(tree.text(index))
            } else {
                bytes.append(UInt8(ascii: "\""))
                let start = Int(node.start)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: tree.bytes[start..<start + Int(node.length)]))
                bytes.append(UInt8(ascii: "\""))
            }
        case .number:
            writeNumber(node, tree.bytes)
        case .true: append("true")
        case .false: append("false")
        case .null: append("null")
        }
    }

    private mutating func writeObject(_ tree: Tree, _ index: Int, _ edits: [String: Edit]?) {
        let nodes = tree.nodes
        let node = nodes[index]
        // Indexes of the name nodes, sorted by name; repeated names keep the first.
        var names: [(index: Int, plain: Bool)] = []
        names.reserveCapacity(Int(node.length))
        var i = index + 1
        while i < Int(node.end) {
            names.append((i, tree.isPlainASCII(i)))
            i = Int(nodes[i + 1].end)
        }
        var duplicates = false
        names.sort { a, b in
            guard let less = tree.less(a.index, b.index, plain: (a.plain, b.plain)) else {
                duplicates = true
                return a.index < b.index
            }
            return less
        }
        // Edits are matched on the names' bytes: most objects have none, the few that do have
        // a handful among dozens of members.
        let editList = edits.map { $0.map { (name: Array($0.key.utf8), edit: $0.value) } } ?? []
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for (position, name) in names.enumerated() {
            if duplicates, position > 0, tree.less(names[position - 1].index, name.index, plain: (names[position - 1].plain, name.plain)) == nil {
                continue
            }
            let edit = editList.isEmpty ? nil : tree.edit(for: name.index, plain: name.plain, in: editList)
            if case .remove? = edit { continue }
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            write(tree, name.index, nil)  // the name, as a string
            bytes.append(UInt8(ascii: ":"))
            switch edit {
            case .replace(let body)?:
                body(JSONValue(document: tree.document, index: name.index + 1), &self)
            case .members(let inner)?:
                write(tree, name.index + 1, inner)
            case .remove?, nil:
                write(tree, name.index + 1, nil)
            }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// Integers as written (normalised, `-0` → `0`); other numbers as Swift prints the Double,
    /// except whole ones below 10^15, which are written as integers; non-finite as `null`.
    private mutating func writeNumber(_ node: JSONDocument.Node, _ raw: UnsafeBufferPointer<UInt8>) {
        do {
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
