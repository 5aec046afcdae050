import GRDB
import PostureFacts

/// Writes one collector's ``InspectDigests`` into `inspect_digests`, in the snapshot's
/// transaction: the digests of documents read replace the stored ones; when the collector saw
/// every container, the digests of containers neither read nor unchanged are dropped.
///
/// Dropping is housekeeping, not safety: a digest is only trusted for a container whose facts
/// are open, and facts are only ever opened together with a new digest. So the `DELETE` runs
/// only when the engine has more digests than the collect kept (a container went away), not on
/// every quiet collect.
struct InspectDigestWriter {
    let db: Database

    func write(_ digests: InspectDigests) throws {
        let insert = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO inspect_digests (engine_id, container_id, digest) VALUES (?, ?, ?)")
        for (containerID, digest) in digests.read {
            try insert.execute(arguments: [digests.engineID, containerID, digest])
        }
        guard digests.complete else { return }
        let kept = Set(digests.read.keys).union(digests.unchanged)
        let stored = try Int.fetchOne(
            db, sql: "SELECT count(*) FROM inspect_digests WHERE engine_id = ?", arguments: [digests.engineID]) ?? 0
        guard stored > kept.count else { return }
        try db.execute(
            sql: """
                DELETE FROM inspect_digests WHERE engine_id = ?
                  AND container_id NOT IN (SELECT value FROM json_each(?))
                """,
            arguments: [digests.engineID, SubsetFilter.jsonArray(Array(kept))])
    }
}
