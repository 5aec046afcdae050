import Foundation
import GRDB

extension PostureDatabase {
    /// Per engine ID and image ID, for the images whose facts are current (open versions of
    /// `images`): the digest of the inspect and history documents those facts were read from,
    /// so a collect need not read them again when the engine answers the same documents.
    ///
    /// Reads `images_versions` (its open versions) and `image_digests`; writes nothing.
    public func knownImageDigests() throws -> [String: [String: Data]] {
        try read { db in
            var known: [String: [String: Data]] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT i.engine_id, i.image_id, d.digest
                    FROM images_versions i
                    JOIN image_digests d ON d.engine_id = i.engine_id AND d.image_id = i.image_id
                    WHERE i.valid_to IS NULL
                    """)
            while let row = try rows.next() {
                let engine: String = row[0]
                known[engine, default: [:]][row[1]] = row[2]
            }
            return known
        }
    }
}
