import ArgumentParser
import Foundation
import PostureReport
import PostureStore

extension QueryFormat: ExpressibleByArgument {}

/// `posture query`: run one read-only SQL statement, optionally as of a past snapshot.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a read-only SQL query against the posture database.",
        discussion: """
            The database is opened read-only and an authorizer refuses anything but reading: \
            INSERT/UPDATE/DELETE, CREATE/DROP, ATTACH, VACUUM, PRAGMAs that set values and \
            load_extension fail with a message and nothing changes on disk. Tables and columns: \
            `posture schema`.

            Examples:
              posture query "select name, privileged, memory_limit from containers where running"
              posture query --snapshot 12 --format json "select * from containers"
              posture query --snapshot -7d "select count(*) from containers"
              posture query --file weekly.sql --format csv > weekly.csv
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The SQL statement (or use --file).")
    var sql: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Read the SQL from a file.", valueName: "path"))
    var file: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Answer as of this snapshot: an id, latest, a date (2026-11-01) or an age (-7d).", valueName: "snapshot"))
    var snapshot: String?

    @Option(help: "Output format: table, csv, json, ndjson, markdown.")
    var format: QueryFormat = .table

    @Option(help: "Stop after this many rows (0 = no limit).")
    var maxRows: Int = 100_000

    @Option(help: "Stop a statement that runs longer than this many seconds (0 = no limit).")
    var timeout: Double = 60

    func validate() throws {
        if sql == nil && file == nil { throw ValidationError("give the SQL as an argument or with --file") }
        if sql != nil && file != nil { throw ValidationError("give the SQL either as an argument or with --file, not both") }
        if maxRows < 0 { throw ValidationError("--max-rows can not be negative") }
    }

    func run() throws {
        var text = sql ?? ""
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read the SQL file \(file)")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let db = try ReadOnlyDatabase(path: database.path)
        if let snapshot {
            try db.scope(toSnapshot: try SnapshotSelector.resolve(snapshot, in: db))
        }
        let result = try db.query(text, rowLimit: maxRows == 0 ? Int.max : maxRows, timeout: timeout)
        StandardOutput.write(format.render(result))
        if result.truncated {
            printError("warning: output stopped at \(maxRows) rows (raise --max-rows, or add LIMIT/WHERE)")
        }
    }
}
