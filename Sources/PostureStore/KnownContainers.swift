import Foundation
import GRDB
import PostureFacts

extension PostureDatabase {
    /// Per engine ID, the containers whose facts are current (open versions of `containers`),
    /// with the digest of the inspect document those facts were read from: what a collect can
    /// ask the engine about before its container list arrives, and what it need not read again.
    ///
    /// Reads `containers_versions` (its open versions) and `inspect_digests`; writes nothing.
    public func knownContainers() throws -> [String: [KnownContainer]] {
        try read { db in
            var known: [String: [KnownContainer]] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT c.engine_id, c.container_id, c.name, c.pid, d.digest
                    FROM containers_versions c
                    LEFT JOIN inspect_digests d ON d.engine_id = c.engine_id AND d.container_id = c.container_id
                    WHERE c.valid_to IS NULL
                    """)
            while let row = try rows.next() {
                let engine: String = row[0]
                known[engine, default: []].append(
                    KnownContainer(containerID: row[1], name: row[2], pid: row[3], digest: row[4]))
            }
            return known
        }
    }
}
