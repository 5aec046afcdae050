import GRDB
import PostureFacts

/// A few containers, for evaluating per-container checks (``Check/perContainer``) on them alone
/// inside a collect's transaction.
///
/// While ``evaluate(_:in:)`` runs, the public container views (`containers`,
/// `container_mounts`, ... `container_processes`) hold only this scope's containers
/// (``ScopeShadows``); the other views (engines, images, networks, ...) are left whole.
///
/// Reads the container versions tables; writes the connection's `temp` schema only (dropped
/// again before ``evaluate(_:in:)`` returns).
struct ContainerScope {
    /// The public views over versions tables keyed by `(engine_id, container_id)`.
    static let views = [
        "containers", "container_mounts", "container_ports", "container_networks", "container_capabilities",
        "container_env", "container_labels", "cgroup_limits", "container_processes",
    ]
    /// Their versions tables.
    static let versionTables = Set(views.map { $0 + "_versions" })
    /// Versions tables keyed by `(engine_id, image_id)`: a per-container check reads them for a
    /// container's own image (`image_id = c.image_id`), so a changed image changes the rows of
    /// the containers created from it.
    static let imageTables: Set<String> = [
        "images_versions", "image_env_versions", "image_history_versions", "image_contents_versions",
        "image_files_versions", "image_accounts_versions",
    ]
    /// Volumes: a per-container check reads them for the volumes a container mounts
    /// (`container_mounts.volume_name`).
    static let volumeTables: Set<String> = ["volumes_versions"]
    /// Tags: a per-container check reads those of its own image, and those that can name the
    /// image reference it was created from (`img-superseded`: the tag `nginx:latest` or
    /// `docker.io/library/nginx:latest` for the reference `nginx`). Such a tag ends in the
    /// reference's last path segment, so a changed tag touches the containers created from its
    /// image and those whose reference has the same repository name in its last segment (a
    /// superset: `nginx` for every registry and namespace).
    static let tagTables: Set<String> = ["image_tags_versions"]
    /// A snapshot that changed no other table a per-container check reads can evaluate it for
    /// the containers whose rows, image, mounted volumes or tags changed.
    static let scopedTables = versionTables.union(imageTables).union(volumeTables).union(tagTables)

    /// SQL of the repository name in the last path segment of the reference `expression`:
    /// `nginx` for `docker.io/library/nginx:1.25`, `registry:5000/app@sha256:...` gives `app`.
    static func repositoryName(_ expression: String) -> String {
        let segment = "substr(\(expression), length(rtrim(\(expression), replace(\(expression), '/', ''))) + 1)"
        let undigested = "CASE WHEN instr(\(segment), '@') > 0 THEN substr(\(segment), 1, instr(\(segment), '@') - 1) ELSE \(segment) END"
        return "CASE WHEN instr(\(undigested), ':') > 0 THEN substr(\(undigested), 1, instr(\(undigested), ':') - 1) ELSE \(undigested) END"
    }

    /// One container, by its key.
    struct Container: Hashable {
        let engineID: String
        let containerID: String
    }

    /// The containers in scope.
    let containers: [Container]
    /// The resource of every container in scope as findings name it
    /// (`<engine_id>/containers/<name>`), under its name before and after the snapshot: the
    /// findings a scoped evaluation replaces.
    let resources: [String]

    init(containers: [Container], resources: [String]) {
        self.containers = containers
        self.resources = resources
    }

    /// The containers that gained or lost a version in snapshot `snapshotID` in any of the
    /// container tables among `tables`, and the open containers created from an image, or
    /// mounting a volume, that gained or lost a version in the image and volume tables among
    /// `tables`, or touched by a tag that did (``tagTables``); other tables are ignored.
    static func changed(in db: Database, snapshotID: Int64, tables: Set<String>) throws -> ContainerScope {
        guard let sql = changedSQL(tables: tables) else { return ContainerScope(containers: [], resources: []) }
        let containers = try Row.fetchAll(db, sql: sql, arguments: [snapshotID])
            .map { Container(engineID: $0[0], containerID: $0[1]) }
        return ContainerScope(containers: containers, resources: try resources(of: containers, in: db, snapshotID: snapshotID))
    }

    /// The query of ``changed(in:snapshotID:tables:)`` (the snapshot's id is `?1`), `nil` when
    /// none of `tables` scopes a container. Each part reaches the open containers through an
    /// index (`ContainerScopePlanTests`): at 5,000 containers, reading them all costs more than
    /// evaluating the checks on the containers found.
    static func changedSQL(tables: Set<String>) -> String? {
        func changedKeys(_ columns: String, in table: String) -> String {
            ScopeShadows.changedKeys(columns, in: table)
        }
        var parts = tables.intersection(versionTables).sorted().map { changedKeys("engine_id, container_id", in: $0) }
        let images = tables.intersection(imageTables).sorted().map { changedKeys("engine_id, image_id", in: $0) }
        if !images.isEmpty {
            parts.append(
                """
                SELECT c.engine_id, c.container_id FROM (\(images.joined(separator: "\nUNION "))) i
                JOIN main.containers_versions c INDEXED BY containers_by_image
                  ON c.engine_id = i.engine_id AND c.image_id = i.image_id AND c.valid_to IS NULL
                """)
        }
        if !tables.isDisjoint(with: tagTables) {
            // Created from the tag's image (by index), or named by it: the open containers whose
            // reference has the repository name of a changed tag. The name is an expensive
            // expression (66 ms over 5,000 references), so it is worked out only for the
            // references that contain one of the few changed names (`posture_named_candidates`,
            // read from the index `containers_by_reference` alone, schema 0013: the partial
            // index implies `valid_to IS NULL`, so no table row is read).
            let tags = changedKeys("engine_id, image_id, reference", in: "image_tags_versions")
            parts.append(
                """
                SELECT c.engine_id, c.container_id FROM (\(tags)) t
                JOIN main.containers_versions c INDEXED BY containers_by_image
                  ON c.engine_id = t.engine_id AND c.image_id = t.image_id AND c.valid_to IS NULL
                UNION
                SELECT nc.engine_id, nc.container_id FROM posture_named_candidates nc
                WHERE (nc.engine_id, \(repositoryName("nc.image"))) IN (SELECT engine_id, name FROM posture_changed_names)
                """)
        }
        if !tables.isDisjoint(with: volumeTables) {
            parts.append(
                """
                SELECT m.engine_id, m.container_id FROM main.container_mounts_versions m
                WHERE m.valid_to IS NULL
                  AND (m.engine_id, m.volume_name) IN (\(changedKeys("engine_id, name", in: "volumes_versions")))
                """)
        }
        guard !parts.isEmpty else { return nil }
        var sql = ""
        if !tables.isDisjoint(with: tagTables) {
            let tags = changedKeys("engine_id, image_id, reference", in: "image_tags_versions")
            // Materialized, so that the name is worked out only for the candidates.
            sql += """
                WITH posture_changed_names(engine_id, name) AS MATERIALIZED (
                  SELECT DISTINCT engine_id, \(repositoryName("reference")) FROM (\(tags))),
                posture_named_candidates AS MATERIALIZED (
                  SELECT c.engine_id, c.container_id, coalesce(c.image, '') AS image
                  FROM main.containers_versions c INDEXED BY containers_by_reference
                  WHERE c.valid_to IS NULL AND EXISTS (
                    SELECT 1 FROM posture_changed_names n
                    WHERE n.engine_id = c.engine_id AND instr(coalesce(c.image, ''), n.name) > 0))

                """
        }
        // UNION keeps each container once across the parts; a part alone (a tag opened and closed
        // for the same container, a volume mounted twice) would not.
        return sql + "SELECT DISTINCT * FROM (\(parts.joined(separator: "\nUNION ")))"
    }

    /// `<engine_id>/containers/<name>` of the versions of `containers` open in, or closed by,
    /// snapshot `snapshotID`.
    private static func resources(of containers: [Container], in db: Database, snapshotID: Int64) throws -> [String] {
        let lookup = try db.makeStatement(
            sql: """
                SELECT DISTINCT engine_id || '/containers/' || name FROM main.containers_versions
                WHERE engine_id = ? AND container_id = ? AND (valid_to IS NULL OR valid_to = ?)
                """)
        var resources = Set<String>()
        for container in containers {
            for resource in try String.fetchAll(lookup, arguments: [container.engineID, container.containerID, snapshotID]) {
                resources.insert(resource)
            }
        }
        return resources.sorted()
    }

    /// Narrows the container views to the containers in scope.
    static let shadows = ScopeShadows(
        keyTable: "posture_container_scope", keyColumns: ["engine_id", "container_id"], views: views)

    /// Runs each check with the container views narrowed to this scope: its findings rows, or
    /// `nil` for a check that failed here or named a resource outside ``resources`` (either
    /// means it must be evaluated whole). `prepared`: the shadows and checks prepared ahead
    /// (``prepare(_:in:)``), if any.
    func evaluate(_ checks: [Check], in db: Database, prepared: ScopeShadows.Prepared? = nil) throws
        -> [String: [[FactValue]]]
    {
        try Self.shadows.evaluate(
            checks, keys: containers.map { [$0.engineID, $0.containerID] }, resources: Set(resources), in: db,
            prepared: prepared)
    }

    /// The container shadows, empty, with `checks` prepared against them (``ScopeShadows/prepare(_:in:)``):
    /// until they are used or discarded, the container views read as empty on this connection.
    static func prepare(_ checks: [Check], in db: Database) throws -> ScopeShadows.Prepared {
        try shadows.prepare(checks, in: db)
    }
}
