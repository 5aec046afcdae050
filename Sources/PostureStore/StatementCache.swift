import GRDBSQLite

/// The ``RawStatement``s of one snapshot write, prepared once per distinct SQL text and reused
/// by every fact set that needs the same one (the findings of each check load, close and
/// insert with the same three statements).
///
/// Lives as long as the ``FactSetWriter`` of one write transaction; each user resets a
/// statement before binding it.
final class StatementCache {
    private let connection: OpaquePointer
    private var statements: [String: RawStatement] = [:]

    init(connection: OpaquePointer) {
        self.connection = connection
    }

    func statement(_ sql: String) throws -> RawStatement {
        if let cached = statements[sql] { return cached }
        let statement = try RawStatement(connection, sql)
        statements[sql] = statement
        return statement
    }
}
