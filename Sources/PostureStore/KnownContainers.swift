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

extension PostureDatabase {
    /// Per engine ID, the host pid of the daemon process found at the last snapshot (open
    /// versions of `daemons`): the first candidate a collect checks for the engine's daemon.
    ///
    /// Reads `daemons_versions`; writes nothing.
    public func lastDaemonPIDs() throws -> [String: Int] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT engine_id, pid FROM daemons_versions WHERE valid_to IS NULL")
            return Dictionary(rows.map { ($0[0], $0[1]) }, uniquingKeysWith: { a, _ in a })
        }
    }
}

/// Writes one collector's ``InspectDigests`` into `inspect_digests`, in the snapshot's
/// transaction: the digests of documents read replace the stored ones; when the collector saw
/// every container, the digests of containers neither read nor unchanged are dropped.
struct InspectDigestWriter {
    let db: Database

    func write(_ digests: InspectDigests) throws {
        if digests.complete {
            let kept = Array(digests.read.keys) + digests.unchanged
            try db.execute(
                sql: """
                    DELETE FROM inspect_digests WHERE engine_id = ?
                      AND container_id NOT IN (SELECT value FROM json_each(?))
                    """,
                arguments: [digests.engineID, try SubsetFilter.jsonArray(kept)])
        }
        let insert = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO inspect_digests (engine_id, container_id, digest) VALUES (?, ?, ?)")
        for (containerID, digest) in digests.read {
            try insert.execute(arguments: [digests.engineID, containerID, digest])
        }
    }
}
