import GRDB
import PostureFacts

/// Writes one collector's ``InspectDigests`` into `inspect_digests` (containers) or
/// `image_digests` (images), in the snapshot's transaction: the digests of documents read
/// replace the stored ones; when the collector saw every container (image), the digests of
/// those neither read nor unchanged are dropped.
///
/// Dropping is housekeeping, not safety: a digest is only trusted for a container (image) whose
/// facts are open, and facts are only ever opened together with a new digest. So the `DELETE`
/// runs only when the engine has more digests than the collect kept (one went away), not on
/// every quiet collect.
struct InspectDigestWriter {
    let db: Database

    func write(_ digests: InspectDigests) throws {
        let (table, idColumn) = digests.kind.table
        let insert = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO \(table) (engine_id, \(idColumn), digest) VALUES (?, ?, ?)")
        for (id, digest) in digests.read {
            try insert.execute(arguments: [digests.engineID, id, digest])
        }
        guard digests.complete else { return }
        let kept = Set(digests.read.keys).union(digests.unchanged)
        let stored = try Int.fetchOne(
            db, sql: "SELECT count(*) FROM \(table) WHERE engine_id = ?", arguments: [digests.engineID]) ?? 0
        guard stored > kept.count else { return }
        try db.execute(
            sql: """
                DELETE FROM \(table) WHERE engine_id = ?
                  AND \(idColumn) NOT IN (SELECT value FROM json_each(?))
                """,
            arguments: [digests.engineID, SubsetFilter.jsonArray(Array(kept))])
    }
}
