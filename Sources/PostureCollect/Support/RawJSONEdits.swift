import PostureJSON

/// The edits the collectors apply while writing an engine answer as `raw_json` (see
/// ``CanonicalJSONWriter/Edit``): secret values hashed, and lists the engine returns in no
/// fixed order sorted, so the same object always yields the same text.
///
/// Each edit writes a value that is not of the expected shape unchanged: a malformed answer
/// is kept as sent, never dropped.
enum RawJSONEdits {
    typealias Edit = CanonicalJSONWriter.Edit

    /// An array of strings written sorted (elements that are not strings follow, in order).
    static let sortedStrings = mappedStrings(sorted: true) { $0 }

    /// An array whose strings are replaced by `transform` (and then sorted when `sorted`).
    static func mappedStrings(sorted: Bool, _ transform: @escaping @Sendable (String) -> String) -> Edit {
        .replace { value, writer in
            guard value.kind == .array else { return writer.write(value) }
            var strings: [String] = []
            var others: [JSONValue] = []
            for element in value.elements {
                if let text = element.string { strings.append(transform(text)) } else { others.append(element) }
            }
            if sorted { strings.sort() }
            writer.writeArray(strings.map { Either.text($0) } + others.map { Either.json($0) }) { item, w in
                switch item {
                case .text(let text): w.writeString(text)
                case .json(let json): w.write(json)
                }
            }
        }
    }

    /// An array of objects written sorted by the string member `name` ('' when absent), ties
    /// in their original order.
    static func objectsSorted(by name: String) -> Edit {
        .replace { value, writer in
            guard value.kind == .array else { return writer.write(value) }
            let elements = value.elements.enumerated().map { ($0.element[name]?.string ?? "", $0.offset, $0.element) }
                .sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            writer.writeArray(elements) { element, w in w.write(element.2) }
        }
    }

    /// `KEY=value` environment entries written as `KEY=<hash(value)>`, sorted. `hash` is the
    /// keyed hash (``SecretHasher/hash(_:)``), or a lookup of hashes a collector already made.
    static func environment(_ hash: @escaping @Sendable (String) -> String) -> Edit {
        mappedStrings(sorted: true) { SecretHasher.scrubEnv($0, hash: hash) }
    }

    /// A labels object with the values of secret-looking names written as `hash(value)`.
    static func labels(_ hash: @escaping @Sendable (String) -> String) -> Edit {
        .replace { value, writer in
            guard value.kind == .object else { return writer.write(value) }
            var edits: [String: Edit] = [:]
            for (name, member) in value.members where SecretHasher.looksSecret(name) {
                let hashed = hash(member.string ?? "")
                edits[name] = .replace { _, w in w.writeString(hashed) }
            }
            writer.write(value, edit: .members(edits))
        }
    }

    private enum Either {
        case text(String)
        case json(JSONValue)
    }
}
