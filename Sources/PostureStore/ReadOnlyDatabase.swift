import Foundation
import GRDBSQLite

/// A connection that can only read the posture database, whatever SQL it is given.
///
/// Opens the file with `SQLITE_OPEN_READONLY` (a missing file is an error, never created), keeps
/// temporary storage in memory, and installs an authorizer that allows reading and nothing
/// else: writes, `ATTACH`, `VACUUM`, schema changes, pragmas that set values and
/// `load_extension` are refused before they run. A progress handler enforces a statement time
/// limit. With `snapshot`, the public views are shadowed by TEMP views scoped to that snapshot
/// (see ``SnapshotScope``), so the same SQL answers "as of" snapshot N.
///
/// Reads every table; writes nothing (TEMP views live in memory only).
public final class ReadOnlyDatabase {
    public let path: String
    private var db: OpaquePointer?
    private let guardState = AuthorizerState()
    /// Snapshot the public views answer for; `nil` for the latest.
    public private(set) var snapshot: Int64?
    /// Set when the file had to be read without locks (see ``ReadOnlyOpening``): the state of
    /// the file then, checked again after every statement.
    var unlockedSince: ReadOnlyOpening.FileState?

    public init(path: String) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.noDatabase(path: path) }
        db = try ReadOnlyOpening.open(path: path, unlocked: &unlockedSince)
        sqlite3_busy_timeout(db, 10_000)
        try execute(unguarded: "PRAGMA temp_store = MEMORY")
        // A report or a distant diff reads versions all over a large file: with the default
        // 2 MiB page cache most of those reads went to pread. 32 MiB at most, and pages mapped
        // rather than copied where SQLite can (read-only here, so no risk to the file).
        try execute(unguarded: "PRAGMA cache_size = -32768")
        try execute(unguarded: "PRAGMA mmap_size = 268435456")
        let context = Unmanaged.passUnretained(guardState).toOpaque()
        sqlite3_set_authorizer(db, readOnlyAuthorizer, context)
        sqlite3_progress_handler(db, 1000, progressHandler, context)
        guardState.locked = true
    }

    deinit { sqlite3_close_v2(db) }

    /// Scopes every public view to snapshot `id` for the rest of this connection's life.
    public func scope(toSnapshot id: Int64) throws {
        let exists = try query("SELECT count(*) FROM main.snapshots WHERE id = \(id)").rows.first?.first
        guard exists == .int(1) else { throw StoreError.unknownSnapshot(String(id)) }
        guardState.locked = false
        defer { guardState.locked = true }
        for statement in try SnapshotScope.tempViews(in: self, snapshot: id) {
            try execute(unguarded: statement)
        }
        snapshot = id
    }

    /// Runs one read-only SQL statement and returns its rows, at most `rowLimit` of them.
    public func query(_ sql: String, rowLimit: Int = Int.max, timeout: Double = 0) throws -> QueryResult {
        var rows: [[SQLValue]] = []
        var truncated = false
        let columns = try forEachRow(sql, timeout: timeout) { row in
            if rows.count >= rowLimit {
                truncated = true
                return false
            }
            rows.append((0..<row.count).map { row.value($0) })
            return true
        }
        return QueryResult(columns: columns, rows: rows, truncated: truncated)
    }

    /// Runs one read-only SQL statement and hands each row to `body` in place (see
    /// ``ReadOnlyRow``) until it returns `false`; returns the column names. For readers of many
    /// rows (a report reads every finding of a snapshot) that need no ``SQLValue`` per value.
    @discardableResult
    public func forEachRow(_ sql: String, timeout: Double = 0, _ body: (ReadOnlyRow) throws -> Bool) throws -> [String] {
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let rc = sql.withCString { text in
            let rc = sqlite3_prepare_v2(db, text, -1, &statement, &tail)
            if rc == SQLITE_OK, let tail, !String(cString: tail).trimmingSQLComments().isEmpty {
                return SQLITE_MISUSE
            }
            return rc
        }
        defer { sqlite3_finalize(statement) }
        if rc == SQLITE_MISUSE {
            throw StoreError.queryFailed("give one SQL statement at a time")
        }
        if rc != SQLITE_OK { throw error(rc) }
        guard let statement else { throw StoreError.queryFailed("the query is empty") }
        if sqlite3_stmt_readonly(statement) == 0 {
            throw StoreError.refused("the statement would change the database")
        }
        guardState.deadline = timeout > 0 ? Date().addingTimeInterval(timeout) : nil
        defer { guardState.deadline = nil }

        let count = Int(sqlite3_column_count(statement))
        let columns = (0..<count).map { String(cString: sqlite3_column_name(statement, Int32($0))) }
        let row = ReadOnlyRow(statement: statement, count: count)
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { break }
            if step != SQLITE_ROW {
                if step == SQLITE_INTERRUPT { throw StoreError.timeout(seconds: timeout) }
                throw error(step)
            }
            if try !body(row) { break }
        }
        if let unlockedSince { try ReadOnlyOpening.checkUnchanged(path: path, since: unlockedSince) }
        return columns
    }

    /// Runs `body` with the raw connection inside one read transaction, so every statement it
    /// runs sees the same state of the file; the authorizer stays on for them.
    func withReadTransaction<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        guard let db else { throw StoreError.queryFailed("the database connection is closed") }
        guardState.locked = false
        try execute(unguarded: "BEGIN")
        guardState.locked = true
        defer {
            guardState.locked = false
            try? execute(unguarded: "COMMIT")
            guardState.locked = true
        }
        let result = try body(db)
        if let unlockedSince { try ReadOnlyOpening.checkUnchanged(path: path, since: unlockedSince) }
        return result
    }

    private func execute(unguarded sql: String) throws {
        let rc = sqlite3_exec(db, sql, nil, nil, nil)
        if rc != SQLITE_OK { throw error(rc) }
    }

    private func error(_ rc: Int32) -> StoreError {
        let message = String(cString: sqlite3_errmsg(db))
        if rc == SQLITE_AUTH || message.hasPrefix("not authorized") {
            return .refused(guardState.lastRefusal ?? message)
        }
        return .queryFailed(message)
    }
}

/// Mutable state shared with the C callbacks: whether the guard is on, the statement deadline,
/// and why the last action was refused.
final class AuthorizerState {
    var locked = false
    var deadline: Date?
    var lastRefusal: String?
}

/// Pragmas that only describe a table or index: allowed with their argument.
private let introspectionPragmas: Set<String> = [
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
]

/// Pragmas that only read when given no value; with a value they would set something.
private let readOnlyPragmas: Set<String> = [
    "database_list", "collation_list", "function_list", "pragma_list", "schema_version", "user_version",
    "page_count", "page_size", "freelist_count", "encoding", "compile_options", "data_version", "application_id",
]

/// Functions that reach outside the database.
private let refusedFunctions: Set<String> = ["load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"]

private let readOnlyAuthorizer: @convention(c) (
    UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
    UnsafePointer<CChar>?, UnsafePointer<CChar>?
) -> Int32 = { context, action, arg1, arg2, _, _ in
    guard let context else { return SQLITE_DENY }
    let state = Unmanaged<AuthorizerState>.fromOpaque(context).takeUnretainedValue()
    if !state.locked { return SQLITE_OK }
    let a1 = arg1.map { String(cString: $0) }
    switch action {
    case SQLITE_SELECT, SQLITE_READ, SQLITE_RECURSIVE:
        return SQLITE_OK
    case SQLITE_FUNCTION:
        let name = (arg2.map { String(cString: $0) } ?? "").lowercased()
        if refusedFunctions.contains(name) {
            state.lastRefusal = "the function \(name) is not allowed"
            return SQLITE_DENY
        }
        return SQLITE_OK
    case SQLITE_PRAGMA:
        let name = (a1 ?? "").lowercased()
        if introspectionPragmas.contains(name) { return SQLITE_OK }
        if arg2 == nil && readOnlyPragmas.contains(name) { return SQLITE_OK }
        state.lastRefusal = "PRAGMA \(name)\(arg2 == nil ? "" : " with a value") is not allowed"
        return SQLITE_DENY
    case SQLITE_UPDATE where a1 == "sqlite_master":
        // Table-valued pragmas (`SELECT * FROM pragma_table_info('x')`) report this internal
        // action while compiling; the statement itself still has to pass sqlite3_stmt_readonly
        // and the file is opened read-only.
        return SQLITE_OK
    case SQLITE_ATTACH, SQLITE_DETACH:
        state.lastRefusal = "ATTACH and DETACH are not allowed"
        return SQLITE_DENY
    default:
        state.lastRefusal = "only SELECT statements are allowed"
        return SQLITE_DENY
    }
}

private let progressHandler: @convention(c) (UnsafeMutableRawPointer?) -> Int32 = { context in
    guard let context else { return 0 }
    let state = Unmanaged<AuthorizerState>.fromOpaque(context).takeUnretainedValue()
    if let deadline = state.deadline, Date() > deadline { return 1 }
    return 0
}

extension String {
    /// The text without SQL comments, whitespace and semicolons at its start, repeatedly:
    /// empty when the text holds no statement (used after a statement's end, and by check headers).
    public func trimmingSQLComments() -> String {
        var rest = Substring(self)
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == ";" }
            if rest.hasPrefix("--") {
                rest = rest.drop { $0 != "\n" }
            } else if rest.hasPrefix("/*") {
                if let end = rest.range(of: "*/") { rest = rest[end.upperBound...] } else { return "" }
            } else {
                return String(rest)
            }
        }
    }
}
