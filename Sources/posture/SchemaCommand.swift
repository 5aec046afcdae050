import ArgumentParser
import Foundation
import PostureReport
import PostureStore

/// `posture schema`: the public tables and views, and one table's columns with descriptions.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "List the tables you can query, or one table's columns with their descriptions.",
        discussion: """
            Every fact table X is a view of the current state (or of the --snapshot given to \
            query and report) and X_history holds every version with valid_from/valid_to.

            Examples:
              posture schema
              posture schema containers
            """)

    @Argument(help: "A table or view name.")
    var table: String?

    @Option(help: "Output format: table, csv, json, ndjson, markdown.")
    var format: QueryFormat = .table

    func run() throws {
        let catalog = try SchemaCatalog.load()
        let result: QueryResult
        if let table {
            guard let relation = catalog.relation(named: table) else { throw StoreError.unknownTable(table) }
            if format == .table { print("\(relation.name): \(relation.description)\n") }
            result = QueryResult(
                columns: ["column", "type", "description"],
                rows: relation.columns.map { [.text($0.name), .text($0.type), .text($0.description)] })
        } else {
            result = QueryResult(
                columns: ["table", "one row per"],
                rows: catalog.relations.map { [.text($0.name), .text($0.description)] })
        }
        StandardOutput.write(format.render(result))
    }
}
