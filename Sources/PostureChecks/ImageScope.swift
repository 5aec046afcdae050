import GRDB
import PostureFacts

/// A few images, for evaluating per-image checks (``Check/perImage``) on them alone inside a
/// collect's transaction.
///
/// While ``evaluate(_:in:)`` runs, the public image views (`images`, `image_tags`, `image_env`,
/// `image_history`, `image_contents`, `image_files`, `image_accounts`) hold only this scope's
/// images (``ScopeShadows``); the other views (engines, containers, scans, ...) are left whole.
///
/// Reads the image versions tables; writes the connection's `temp` schema only (dropped again
/// before ``evaluate(_:in:)`` returns).
struct ImageScope {
    /// The public views over versions tables keyed by `(engine_id, image_id)`.
    static let views = [
        "images", "image_tags", "image_env", "image_history", "image_contents", "image_files", "image_accounts",
    ]
    /// Their versions tables: a snapshot that changed no other table a per-image check reads
    /// can evaluate it for the images whose rows changed.
    static let scopedTables = Set(views.map { $0 + "_versions" })

    /// One image, by its key.
    struct Image: Hashable {
        let engineID: String
        let imageID: String

        /// How findings name it: `<engine_id>/images/<image_id>`.
        var resource: String { "\(engineID)/images/\(imageID)" }
    }

    /// The images in scope.
    let images: [Image]

    /// The images that gained or lost a version in snapshot `snapshotID` in any of the image
    /// tables among `tables` (others are ignored).
    static func changed(in db: Database, snapshotID: Int64, tables: Set<String>) throws -> ImageScope {
        let parts = tables.intersection(scopedTables).sorted().map { ScopeShadows.changedKeys("engine_id, image_id", in: $0) }
        guard !parts.isEmpty else { return ImageScope(images: []) }
        let images = try Row.fetchAll(db, sql: parts.joined(separator: "\nUNION "), arguments: [snapshotID])
            .map { Image(engineID: $0[0], imageID: $0[1]) }
        return ImageScope(images: images)
    }

    /// Narrows the image views to the images in scope.
    static let shadows = ScopeShadows(keyTable: "posture_image_scope", keyColumns: ["engine_id", "image_id"], views: views)

    /// The resource of every image in scope: the findings a scoped evaluation replaces.
    var resources: [String] { images.map(\.resource).sorted() }

    /// Runs each check with the image views narrowed to this scope: its findings rows, or `nil`
    /// for a check that failed here or named a resource outside ``resources`` (either means it
    /// must be evaluated whole).
    func evaluate(_ checks: [Check], in db: Database) throws -> [String: [[FactValue]]] {
        try Self.shadows.evaluate(
            checks, keys: images.map { [$0.engineID, $0.imageID] }, resources: Set(resources), in: db)
    }
}
