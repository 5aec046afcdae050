import GRDB
import Testing

@testable import PostureChecks

/// The query that finds the containers a snapshot's changes touch (``ContainerScope``) runs at
/// every collect that changed a container, image, volume or tag. Each of its parts must reach
/// the open containers through an index: read whole, 5,000 containers cost it 50-90 ms.
@Suite("container scope plans")
struct ContainerScopePlanTests {
    /// The query plan of the scope query for changes in `tables`, one line per step.
    private func plan(_ tables: Set<String>) throws -> [String] {
        let db = try TestDatabase()
        let sql = try #require(ContainerScope.changedSQL(tables: tables))
        return try db.database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: [1]).map { $0["detail"] as String }
        }
    }

    @Test("no table that scopes a container changed: no query")
    func nothingChanged() {
        #expect(ContainerScope.changedSQL(tables: ["snapshots", "networks_versions"]) == nil)
    }

    @Test("every part of the scope query reads its tables through an index, none scans them")
    func everyPartIndexed() throws {
        let plan = try plan(ContainerScope.scopedTables)
        // Scans of the changed keys (i, t), of subqueries and of the query's own materialized
        // names (posture_*, nc) are of a few rows; a versions table is only ever searched.
        let small = ["SCAN i", "SCAN t", "SCAN (subquery", "SCAN posture_", "SCAN nc"]
        let scans = plan.filter { line in line.hasPrefix("SCAN ") && !line.contains("INDEX") && !small.contains { line.hasPrefix($0) } }
        #expect(scans.isEmpty, "\(plan)")
    }

    @Test("a changed image finds its containers by containers_by_image")
    func imagePart() throws {
        let plan = try plan(["images_versions"])
        #expect(plan.contains { $0.contains("USING INDEX containers_by_image (engine_id=? AND image_id=?)") }, "\(plan)")
    }

    @Test("a changed tag reads the open containers' references from containers_by_reference")
    func tagPart() throws {
        let plan = try plan(["image_tags_versions"])
        // Not reported as covering (the query names valid_to), but the partial index implies
        // `valid_to IS NULL`, so SQLite never seeks the table row.
        #expect(plan.contains { $0.contains("SCAN c USING INDEX containers_by_reference") }, "\(plan)")
        #expect(plan.contains { $0.contains("USING INDEX containers_by_image (engine_id=? AND image_id=?)") }, "\(plan)")
    }

    @Test("a changed volume finds the mounts of it among the open ones, not by scanning every mount of the engine per volume")
    func volumePart() throws {
        let plan = try plan(["volumes_versions"])
        #expect(!plan.contains { $0.contains("container_mounts_key (engine_id=?)") }, "\(plan)")
        #expect(plan.contains { $0.contains("SEARCH m USING INDEX container_mounts_open (valid_to=?)") }, "\(plan)")
    }
}
