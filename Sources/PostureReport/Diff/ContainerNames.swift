import PostureStore

/// Resolves `(engine_id, container_id)` to the container's name as of snapshot A or B, so rows
/// of the child tables (mounts, ports, env, ...) are keyed by the name, which survives a
/// container being re-created, rather than by its id.
///
/// Names come first from the container versions the diff already read; the rest (containers
/// unchanged between A and B) are looked up among the open versions through the
/// `(engine_id, container_id) WHERE valid_to IS NULL` index, then, for diffs of older
/// snapshots, among the container's versions begun by the side's snapshot and closed after it
/// (`containers_by_id`, schema 0010: a few entries per container, not the history after it).
struct ContainerNames {
    private var names: [Int64: [String: String]] = [:]

    static func id(_ engine: String, _ container: String) -> String { engine + "\u{1F}" + container }

    mutating func seed(_ rows: [NamedRow], snapshot: Int64) {
        for row in rows {
            guard let engine = row["engine_id"].text, let container = row["container_id"].text,
                let name = row["name"].text
            else { continue }
            names[snapshot, default: [:]][Self.id(engine, container)] = name
        }
    }

    func name(engine: String, container: String, snapshot: Int64) -> String? {
        names[snapshot]?[Self.id(engine, container)]
    }

    /// Looks up the names of `wanted` (engine → container ids) as of `snapshot`.
    mutating func resolve(_ wanted: [String: Set<String>], snapshot: Int64, in db: ReadOnlyDatabase) throws {
        for (engine, ids) in wanted {
            var missing = ids.filter { name(engine: engine, container: $0, snapshot: snapshot) == nil }.sorted()
            // The open versions name their index (schema 0001): SQLite would otherwise take
            // containers_by_id and read each version's valid_to past its raw JSON to filter. The
            // closed ones leave the choice to SQLite, which takes containers_by_id (schema 0010)
            // where a writer has added it, and the valid_from index in a database not written
            // since (a reader never migrates).
            for (indexed, predicate) in [("INDEXED BY containers_key", "valid_to IS NULL"), ("", "+valid_to > \(snapshot)")]
            where !missing.isEmpty {
                for chunk in stride(from: 0, to: missing.count, by: 400).map({ Array(missing[$0..<min($0 + 400, missing.count)]) }) {
                    let rows = try db.query(
                        """
                        SELECT engine_id, container_id, name FROM main.containers_versions \(indexed)
                        WHERE \(predicate) AND engine_id = \(SQL.literal(engine))
                          AND container_id IN \(SQL.list(chunk)) AND valid_from <= \(snapshot)
                        """)
                    seed(NamedRow.rows(of: rows), snapshot: snapshot)
                }
                missing = missing.filter { name(engine: engine, container: $0, snapshot: snapshot) == nil }
            }
        }
    }
}
