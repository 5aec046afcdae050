import Foundation
import GRDB
import GRDBSQLite

/// The tables a statement reads, recorded by the write connection's SQLite authorizer while
/// the statement is prepared: what GRDB's `Statement.databaseRegion` tells, at a fraction of
/// its cost. `collect` records what each check reads (`check_revisions.reads`) this way.
///
/// Why not GRDB's: SQLite calls the authorizer for every column of every view a statement
/// reads, the `SELECT *` of each view included (one reference to `containers` is 53 calls, the
/// whole check catalogue 12,603). GRDB's authorizer turns each call into two Swift strings and
/// a union of its region, which it rebuilds each time: preparing the checks cost 3-4 times
/// what SQLite alone needs (the 12 checks a step at 200 containers evaluates whole: 12-20 ms
/// against 4.4). This one keeps a table name only when it differs from the one before.
///
/// ``PostureDatabase`` installs it on its write connection once the migrations ran, in place of
/// GRDB's (SQLite has one authorizer per connection). What GRDB learns from its own is then
/// unknown on that connection: which tables a statement reads or writes (for transaction
/// observers and value observation), whether it begins or ends a transaction or savepoint, and
/// whether it changes the schema (to clear GRDB's schema cache). posture uses none of it: no
/// observers, no savepoints, and the schema its writes look up (`Database.columns(in:)`) does
/// not change after the migrations. Read-only connections (``ReadOnlyDatabase``) keep GRDB's.
///
/// Reads and writes no table. Use it on the connection it is installed on only.
public final class TableReads: @unchecked Sendable {
    private var tables: Set<String> = []
    /// The last table name recorded, as C characters: a view's columns come in a run of one
    /// table, so most calls end in one comparison.
    private var last: [CChar] = [0]

    public init() {}

    /// Records from now on the tables of the statements `db`'s connection prepares, in place
    /// of GRDB's authorizer. Installing expires the connection's prepared statements (SQLite
    /// prepares them again when they next run): install it before preparing any that matter.
    /// The connection must not outlive this object.
    func install(on db: Database) {
        sqlite3_set_authorizer(db.sqliteConnection, tableReadsAuthorizer, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Forgets what was recorded: call it before preparing the statement whose reads you want.
    public func reset() {
        tables.removeAll(keepingCapacity: true)
        last = [0]
    }

    /// The tables (not views: SQLite names the tables a view reads) the statements prepared
    /// since the last ``reset()`` read.
    public var recorded: Set<String> { tables }

    fileprivate func read(_ table: UnsafePointer<CChar>) {
        if strcmp(table, last) == 0 { return }
        tables.insert(String(cString: table))
        last = Array(UnsafeBufferPointer(start: table, count: strlen(table) + 1))
    }
}

/// SQLite's authorizer callback for ``TableReads``: records the table of each column read and
/// allows everything (posture's own statements; user SQL goes through ``ReadOnlyDatabase``).
private func tableReadsAuthorizer(
    _ context: UnsafeMutableRawPointer?, _ action: Int32, _ table: UnsafePointer<CChar>?,
    _ column: UnsafePointer<CChar>?, _ schema: UnsafePointer<CChar>?, _ trigger: UnsafePointer<CChar>?
) -> Int32 {
    if action == SQLITE_READ, let context, let table {
        Unmanaged<TableReads>.fromOpaque(context).takeUnretainedValue().read(table)
    }
    return SQLITE_OK
}
