import PostureFacts

/// The identity of a fact row within its set, as ``FactSetWriter`` matches new rows to open
/// versions: the key columns as text, joined by a separator no key holds (NULL as `\0`).
///
/// Key columns the set's scope fixes (the `check_id` of a check's findings) are the same on
/// every open version the writer loads, so a row whose values there equal the scope's (as
/// text) is keyed by its other key columns alone, and by the value itself when only one is
/// left: no joined string per row. A row that disagrees with its scope keeps the full key,
/// kept apart by ``FactKey/scoped``, so it matches exactly what it matched before.
struct FactKeys {
    /// Position in the set's columns of each key column.
    let indexes: [Int]
    /// Positions within the key: those the scope fixes (with the scope's text) and the rest.
    private let fixed: [(position: Int, text: String?)]
    private let varying: [Int]

    init(_ set: FactSet) throws {
        indexes = try set.keyColumns.map { key -> Int in
            guard let i = set.columns.firstIndex(of: key) else {
                throw StoreError.queryFailed("fact set \(set.table) lacks its key column \(key)")
            }
            return i
        }
        let fixed = set.keyColumns.enumerated().compactMap { position, column in
            set.scope[column].map { (position: position, text: $0.textValue) }
        }
        self.fixed = fixed
        varying = set.keyColumns.indices.filter { position in !fixed.contains { $0.position == position } }
    }

    /// The key of a row of the set.
    func key(of row: [FactValue]) -> FactKey {
        key { row[indexes[$0]] }
    }

    /// The key of the row whose `position`-th key column holds `value(position)`.
    func key(_ value: (Int) -> FactValue) -> FactKey {
        for (position, text) in fixed where value(position).textValue != text {
            return FactKey(scoped: false, text: Self.join(indexes.indices.map(value)))
        }
        if varying.count == 1 { return FactKey(scoped: true, text: value(varying[0]).textValue ?? "\u{0}") }
        return FactKey(scoped: true, text: Self.join(varying.map(value)))
    }

    private static func join(_ values: [FactValue]) -> String {
        values.map { $0.textValue ?? "\u{0}" }.joined(separator: "\u{1F}")
    }
}

/// A row's identity (see ``FactKeys``).
struct FactKey: Hashable {
    /// Whether the scope's key columns were left out of `text`.
    let scoped: Bool
    let text: String
}
