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
        try migrateRacing(migrator, queue)
    }

    /// GRDB reads which migrations are applied outside of the transaction that applies the next
    /// one, so when two processes open a new (or older) database at the same moment, the slower
    /// one waits for the faster one's lock and then re-runs a migration already applied
    /// ("table … already exists"). Re-reading and trying again is then right: each migration is
    /// its own transaction, so a failed attempt left nothing behind. Gives up when an attempt
    /// fails without any other process having made progress.
    static func migrateRacing(_ migrator: DatabaseMigrator, _ queue: DatabaseQueue) throws {
        var appliedBefore = try queue.read { db in try migrator.appliedIdentifiers(db) }
        while true {
            do {
                try migrator.migrate(queue)
                return
            } catch {
                let appliedNow = try queue.read { db in try migrator.appliedIdentifiers(db) }
                if try queue.read({ db in try migrator.hasCompletedMigrations(db) }) { return }
                if appliedNow.count <= appliedBefore.count { throw error }
                appliedBefore = appliedNow
            }
        }
    }
}
