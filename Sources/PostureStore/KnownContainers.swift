import GRDB

extension PostureDatabase {
    /// Per engine ID, the containers whose facts are current (open versions of `containers`):
    /// what a collect can ask the engine about before its container list arrives.
    ///
    /// Reads `containers_versions` (its index of open versions); writes nothing.
    public func knownContainers() throws -> [String: [String]] {
        try read { db in
            var known: [String: [String]] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT engine_id, container_id FROM containers_versions WHERE valid_to IS NULL")
            while let row = try rows.next() {
                let engine: String = row[0]
                known[engine, default: []].append(row[1])
            }
            return known
        }
    }
}
