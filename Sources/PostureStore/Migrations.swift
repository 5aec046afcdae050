import GRDB

/// Applies the numbered SQL files of `schema/` (embedded in ``EmbeddedSchema``) in order.
///
/// Writes the `grdb_migrations` bookkeeping table and everything the files create.
enum Migrations {
    /// Number of migrations this build knows: the schema version it writes.
    static var latestVersion: Int { EmbeddedSchema.files.count }

    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for file in EmbeddedSchema.files {
            let name = String(file.path.prefix { $0 != "." })
            migrator.registerMigration(name) { db in
                try db.execute(sql: file.sql)
            }
        }
        return migrator
    }

    static func migrate(_ queue: DatabaseQueue, path: String) throws {
        let migrator = migrator()
        let known = Set(EmbeddedSchema.files.map { String($0.path.prefix { $0 != "." }) })
        let applied = try queue.read { db in try migrator.appliedIdentifiers(db) }
        let unknown = applied.subtracting(known)
        if !unknown.isEmpty {
            throw StoreError.newerSchema(path: path, found: applied.count, known: known.count)
        }
        try migrator.migrate(queue)
    }
}
