/// One value of a ``JSONDocument``: typed reads of itself and its members.
///
/// Three kinds of read, matching how much a report format promises:
/// - required (`text(_:)`, `object(_:)`): absent, null or of another type throws a
///   ``JSONShapeError`` naming the member's path (`Results[0].Vulnerabilities[3] lacks PkgName`);
/// - optional (`optionalText(_:)`, `optionalArray(_:)`, …): absent or null is `nil`, another
///   type throws;
/// - lenient (`lenientString`, `lenientDouble`, `stringList`): whatever is there that can be
///   read as asked, else `nil` or empty; never throws.
package struct JSONValue: Sendable {
    package let document: JSONDocument
    package let index: Int

    package init(document: JSONDocument, index: Int) {
        self.document = document
        self.index = index
    }

    package var kind: JSONDocument.Kind { document.nodes[index].kind }
    package var isNull: Bool { kind == .null }

    /// The member named `name` of an object (a null member is a value of kind `.null`); `nil`
    /// when absent or when this is not an object. With repeated names the first one counts.
    package subscript(name: String) -> JSONValue? {
        let nodes = document.nodes
        let node = nodes[index]
        guard node.kind == .object else { return nil }
        var name = name
        return name.withUTF8 { wanted -> JSONValue? in
            document.bytes.withUnsafeBufferPointer { bytes -> JSONValue? in
                var i = index + 1
                let end = Int(node.end)
                while i < end {
                    let key = nodes[i]
                    if JSONText.equal(key, bytes, wanted) { return JSONValue(document: document, index: i + 1) }
                    i = Int(nodes[i + 1].end)
                }
                return nil
            }
        }
    }

    /// Members of an object in document order; empty for anything else.
    package var members: [(name: String, value: JSONValue)] {
        let nodes = document.nodes
        let node = nodes[index]
        guard node.kind == .object else { return [] }
        var result: [(name: String, value: JSONValue)] = []
        result.reserveCapacity(Int(node.length))
        var i = index + 1
        while i < Int(node.end) {
            result.append((JSONValue(document: document, index: i).string ?? "", JSONValue(document: document, index: i + 1)))
            i = Int(nodes[i + 1].end)
        }
        return result
    }

    /// Member names of an object; empty for anything else.
    package var memberNames: [String] { members.map(\.name) }

    /// Elements of an array; empty for anything else.
    package var elements: [JSONValue] {
        let nodes = document.nodes
        let node = nodes[index]
        guard node.kind == .array else { return [] }
        var result: [JSONValue] = []
        result.reserveCapacity(Int(node.length))
        var i = index + 1
        while i < Int(node.end) {
            result.append(JSONValue(document: document, index: i))
            i = Int(nodes[i].end)
        }
        return result
    }

    // MARK: - This value

    /// The text of a string value; `nil` for any other kind.
    package var string: String? {
        let node = document.nodes[index]
        guard node.kind == .string else { return nil }
        return document.bytes.withUnsafeBufferPointer { JSONText.decode(node, $0) }
    }

    /// A number value; `nil` for any other kind.
    package var double: Double? {
        let node = document.nodes[index]
        guard node.kind == .number else { return nil }
        return document.bytes.withUnsafeBufferPointer { JSONText.number(node, $0) }
    }

    /// A number value that is a whole number within `Int`; `nil` otherwise.
    package var int: Int? {
        guard let d = double, d.rounded() == d, abs(d) < 9.0e18 else { return nil }
        return Int(d)
    }

    /// Text written as text or as a number; `nil` for anything else.
    package var lenientString: String? {
        switch kind {
        case .string: return string
        case .number:
            if let i = int { return String(i) }
            return double.map { String($0) }
        default: return nil
        }
    }

    /// A number written as a number or as text (`"7.5"`); `nil` for anything else.
    package var lenientDouble: Double? {
        switch kind {
        case .number: return double
        case .string: return string.flatMap { Double($0) }
        default: return nil
        }
    }

    /// An array of text (nulls skipped) or a single text as a one-element array; empty for
    /// anything else, including an array holding something other than text or null.
    package var stringList: [String] {
        switch kind {
        case .string: return [string ?? ""]
        case .array:
            var list: [String] = []
            for element in elements {
                if let s = element.string { list.append(s) } else if !element.isNull { return [] }
            }
            return list
        default: return []
        }
    }

    // MARK: - Members, strictly

    package func shapeError(_ problem: JSONShapeError.Problem) -> JSONShapeError {
        JSONShapeError(document: document, index: index, problem: problem)
    }

    /// The member `name`, which must be present and not null.
    package func required(_ name: String) throws -> JSONValue {
        guard let value = self[name] else { throw shapeError(.missing(name)) }
        return value
    }

    /// A required text member.
    package func text(_ name: String) throws -> String {
        let value = try required(name)
        guard let s = value.string else { throw value.shapeError(value.isNull ? .null(.text) : .notA(.text)) }
        return s
    }

    /// A required object member.
    package func object(_ name: String) throws -> JSONValue {
        let value = try required(name)
        guard value.kind == .object else { throw value.shapeError(value.isNull ? .null(.object) : .notA(.object)) }
        return value
    }

    /// The member `name` unless absent or null.
    package func optional(_ name: String) -> JSONValue? {
        guard let value = self[name], !value.isNull else { return nil }
        return value
    }

    /// An optional text member: absent or null is `nil`, another type throws.
    package func optionalText(_ name: String) throws -> String? {
        guard let value = optional(name) else { return nil }
        guard let s = value.string else { throw value.shapeError(.notA(.text)) }
        return s
    }

    /// An optional whole-number member: absent or null is `nil`, another type throws.
    package func optionalInt(_ name: String) throws -> Int? {
        guard let value = optional(name) else { return nil }
        guard let i = value.int else { throw value.shapeError(.notA(.wholeNumber)) }
        return i
    }

    /// An optional object member: absent or null is `nil`, another type throws.
    package func optionalObject(_ name: String) throws -> JSONValue? {
        guard let value = optional(name) else { return nil }
        guard value.kind == .object else { throw value.shapeError(.notA(.object)) }
        return value
    }

    /// The elements of an optional array member: absent or null is `nil`, another type throws.
    package func optionalArray(_ name: String) throws -> [JSONValue]? {
        guard let value = optional(name) else { return nil }
        guard value.kind == .array else { throw value.shapeError(.notA(.array)) }
        return value.elements
    }

    /// The elements of an optional array member, each of which must be an object.
    package func optionalObjects(_ name: String) throws -> [JSONValue]? {
        guard let elements = try optionalArray(name) else { return nil }
        for element in elements where element.kind != .object {
            throw element.shapeError(element.isNull ? .null(.object) : .notA(.object))
        }
        return elements
    }

    /// An optional array of text: absent or null is `nil`; another type, or an element that is
    /// not text, throws.
    package func optionalTextList(_ name: String) throws -> [String]? {
        guard let elements = try optionalArray(name) else { return nil }
        return try elements.map { element in
            guard let s = element.string else { throw element.shapeError(element.isNull ? .null(.text) : .notA(.text)) }
            return s
        }
    }

    /// Lenient read of a member (see ``lenientString``).
    package func lenientString(_ name: String) -> String? { self[name]?.lenientString }
    /// Lenient read of a member (see ``lenientDouble``).
    package func lenientDouble(_ name: String) -> Double? { self[name]?.lenientDouble }
    /// Lenient read of a member (see ``stringList``).
    package func stringList(_ name: String) -> [String] { self[name]?.stringList ?? [] }
}

/// A JSON document that parses but does not have the shape a report format needs: which value
/// (as a member path) and what is wrong with it.
package struct JSONShapeError: Error {
    package enum Expected: String {
        case text, object, array
        case wholeNumber = "a whole number"

        package var phrase: String {
            switch self {
            case .text: return "text"
            case .object: return "an object"
            case .array: return "an array"
            case .wholeNumber: return "a whole number"
            }
        }
    }

    package enum Problem {
        /// A required member is absent.
        case missing(String)
        /// The value is of another type.
        case notA(Expected)
        /// The value is null where something is required.
        case null(Expected)
    }

    package let document: JSONDocument
    package let index: Int
    package let problem: Problem

    /// `Results[0].Vulnerabilities[3] lacks PkgName`, `matches[2].vulnerability.id is not text`.
    package var description: String {
        let path = document.path(to: index)
        switch problem {
        case .missing(let name): return "\(path) lacks \(name)"
        case .notA(let expected): return "\(path) is not \(expected.phrase)"
        case .null(let expected): return "\(path) is null where \(expected.phrase) is needed"
        }
    }
}

extension JSONDocument {
    /// Member path of node `target` from the root (`Results[0].Vulnerabilities[3].PkgName`);
    /// "the top level" for the root. Walks down from the root, skipping whole subtrees: only
    /// error messages need it.
    package func path(to target: Int) -> String {
        var text = ""
        var current = 0
        while current != target {
            let node = nodes[current]
            var child = current + 1
            var position = 0
            var found = false
            while child < Int(node.end) {
                let valueIndex = node.kind == .object ? child + 1 : child
                let valueEnd = Int(nodes[valueIndex].end)
                if target >= valueIndex && target < valueEnd {
                    if node.kind == .object {
                        let name = JSONValue(document: self, index: child).string ?? "?"
                        text += (text.isEmpty ? "" : ".") + name
                    } else {
                        text += "[\(position)]"
                    }
                    current = valueIndex
                    found = true
                    break
                }
                child = valueEnd
                position += 1
            }
            if !found { break }
        }
        return text.isEmpty ? "the top level" : text
    }
}
