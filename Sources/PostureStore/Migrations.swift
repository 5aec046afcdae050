import GRDB

/// Applies the numbered SQL files of `schema/` (embedded in ``EmbeddedSchema``) in order.
///
/// Writes the `grdb_migrations` bookkeeping table (one row per applied file, named as GRDB's
/// migrator names them, so databases written by earlier builds read the same) and everything the
/// files create.
enum Migrations {
    /// Number of migrations this build knows: the schema version it writes.
    static var latestVersion: Int { EmbeddedSchema.files.count }

    /// A migration's name: its file's name up to the first dot ("0004_findings").
    static func name(of path: String) -> String { String(path.prefix { $0 != "." }) }

    /// Brings the database up to the latest schema.
    ///
    /// Everything missing is applied in one `BEGIN IMMEDIATE` transaction, after reading what is
    /// applied inside that same transaction. Several processes opening a new (or older) database
    /// at once therefore queue on the write lock (up to the busy timeout): the first applies
    /// every file, the others find them applied and change nothing. GRDB's own migrator reads
    /// what is applied outside of the transaction that applies the next file, and creates its
    /// table in yet another, so racing processes saw "table … already exists" or "no such
    /// table: grdb_migrations" there. A database that is already current is only read.
    static func migrate(_ queue: DatabaseQueue, path: String) throws {
        if try queue.read({ db in try pending(db, path: path) }).isEmpty { return }
        try queue.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                for file in try pending(db, path: path) {
                    try db.execute(sql: file.sql)
                    try db.execute(
                        sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)",
                        arguments: [name(of: file.path)])
                }
                return .commit
            }
        }
    }

    /// The files not yet applied, in order; throws when the database records a migration this
    /// build does not know (it was written by a newer posture).
    private static func pending(_ db: Database, path: String) throws -> [(path: String, sql: String)] {
        let applied: Set<String> =
            try db.tableExists("grdb_migrations")
            ? Set(String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")) : []
        let known = Set(EmbeddedSchema.files.map { name(of: $0.path) })
        if !applied.subtracting(known).isEmpty {
            throw StoreError.newerSchema(path: path, found: applied.count, known: known.count)
        }
        return EmbeddedSchema.files.filter { !applied.contains(name(of: $0.path)) }
    }
}
