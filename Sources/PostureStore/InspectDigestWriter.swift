import GRDB
import PostureFacts

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
