import Foundation
import Testing
@testable import PostureStore

/// Indexes added for scale (schema/0007_indexes.sql, 0009_check_indexes.sql) must be the ones
/// SQLite picks.
@Suite("index plans")
struct IndexPlanTests {
    @Test("a tag lookup by reference, as img-superseded does per container, uses image_tags_by_reference")
    func tagLookupByReference() throws {
        let db = try TestDatabase()
        let plan = try db.rows(
            """
            EXPLAIN QUERY PLAN SELECT t.image_id FROM image_tags t
            WHERE t.engine_id = 'e1' AND t.kind = 'tag'
              AND t.reference IN ('web:1', 'docker.io/web:1', 'docker.io/library/web:1', 'localhost/web:1')
            ORDER BY length(t.reference), t.image_id LIMIT 1
            """)
        #expect(plan.contains { $0.contains("USING INDEX image_tags_by_reference (engine_id=? AND reference=?)") }, "\(plan)")
    }

    @Test("the open error findings a collect asks for come from findings_open_errors, not every open finding")
    func openErrorFindings() throws {
        let db = try TestDatabase()
        let plan = try db.rows(
            """
            EXPLAIN QUERY PLAN SELECT DISTINCT check_id FROM findings_versions INDEXED BY findings_open_errors
            WHERE valid_to IS NULL AND status = 'error'
            """)
        #expect(plan.contains { $0.contains("SCAN findings_versions USING INDEX findings_open_errors") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
    }

    @Test("whether a container uses an image, as img-sprawl asks per image, uses containers_by_image")
    func containerByImage() throws {
        let db = try TestDatabase()
        let plan = try db.rows(
            """
            EXPLAIN QUERY PLAN SELECT count(*) FROM images i WHERE i.engine_id = 'e1'
              AND EXISTS (SELECT 1 FROM containers c WHERE c.engine_id = i.engine_id AND c.image_id = i.image_id)
            """)
        #expect(plan.contains { $0.contains("USING INDEX containers_by_image (engine_id=? AND image_id=?)") }, "\(plan)")
    }
}
