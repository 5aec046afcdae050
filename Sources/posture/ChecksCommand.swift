import ArgumentParser
import Foundation
import PostureChecks

/// Output formats of `posture checks` and `posture check`.
enum ChecksFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// `posture checks`: lists the canned checks of this build.
struct ChecksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checks",
        abstract: "List the canned checks (id, severity, section, CIS id, title).",
        discussion: """
            Checks are SQL files embedded in the binary (queries/<section>/<id>.sql). Each returns \
            resource, status and reason per examined resource; `collect` stores the results in the \
            findings table. Show one with `posture check <id>`.
            """)

    @Option(help: ArgumentHelp(
        "Only this section: \(Section.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "section"))
    var section: String?

    @Option(help: "Output format: table or json.")
    var format: ChecksFormat = .table

    func validate() throws {
        if let section, Section(rawValue: section) == nil {
            throw ValidationError(
                "unknown section \(section); use one of \(Section.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let catalog = try CheckCatalog.load()
        let checks = section.flatMap(Section.init(rawValue:)).map(catalog.checks(in:)) ?? catalog.checks
        switch format {
        case .json:
            print(try CheckDescription.json(checks.map(CheckDescription.init)))
        case .table:
            let rows = checks.map { [$0.id, $0.severity.rawValue, $0.section.rawValue, $0.cis ?? "-", $0.title] }
            print(alignedTable(header: ["ID", "SEVERITY", "SECTION", "CIS", "TITLE"], rows: rows))
        }
    }
}

/// `posture check ID`: shows one check in full, SQL included.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Show one check: metadata, rationale, remediation and its SQL.",
        discussion: """
            The SQL runs unchanged in the sqlite3 shell against a posture database: \
            posture check ctr-privileged --sql-only | sqlite3 posture.db
            """)

    @Argument(help: ArgumentHelp("Check id, as listed by `posture checks`.", valueName: "id"))
    var id: String

    @Option(help: "Output format: table (readable text) or json.")
    var format: ChecksFormat = .table

    @Flag(help: "Print only the SQL.")
    var sqlOnly = false

    func validate() throws {
        guard (try? CheckCatalog.load())?.check(id: id) != nil else {
            throw ValidationError(ChecksError.unknownCheck(id).errorDescription ?? "no check with id \(id)")
        }
    }

    func run() throws {
        guard let check = try CheckCatalog.load().check(id: id) else { throw ChecksError.unknownCheck(id) }
        if sqlOnly {
            print(check.sql)
            return
        }
        switch format {
        case .json:
            print(try CheckDescription.json(CheckDescription(check, includeSQL: true)))
        case .table:
            print(
                alignedTable(header: nil, rows: [
                    ["id:", check.id],
                    ["title:", check.title],
                    ["severity:", check.severity.rawValue],
                    ["section:", check.section.rawValue],
                    ["cis:", check.cis.map { "\($0) (CIS Docker Benchmark v1.6.0)" } ?? "-"],
                    ["file:", "queries/\(check.path)"],
                    ["sql hash:", check.sqlHash],
                ]))
            print("\nRationale:\n  \(check.rationale)\n\nRemediation:\n  \(check.remediation)\n\nSQL:\n\(check.sql)")
        }
    }
}

/// A check as JSON output.
struct CheckDescription: Encodable {
    let id: String
    let title: String
    let severity: String
    let section: String
    let cis: String?
    let rationale: String
    let remediation: String
    let path: String
    let sqlHash: String
    let sql: String?

    init(_ check: Check) { self.init(check, includeSQL: false) }

    init(_ check: Check, includeSQL: Bool) {
        id = check.id
        title = check.title
        severity = check.severity.rawValue
        section = check.section.rawValue
        cis = check.cis
        rationale = check.rationale
        remediation = check.remediation
        path = "queries/" + check.path
        sqlHash = check.sqlHash
        sql = includeSQL ? check.sql : nil
    }

    enum CodingKeys: String, CodingKey {
        case id, title, severity, section, cis, rationale, remediation, path
        case sqlHash = "sql_hash"
        case sql
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// Rows padded to aligned columns (the last column is not padded).
func alignedTable(header: [String]?, rows: [[String]]) -> String {
    let all = (header.map { [$0] } ?? []) + rows
    guard let columns = all.map(\.count).max(), columns > 0 else { return "" }
    let widths = (0..<columns).map { i in all.map { i < $0.count ? $0[i].count : 0 }.max() ?? 0 }
    return all.map { row in
        row.enumerated().map { i, cell in
            i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
        }.joined(separator: "  ")
    }.joined(separator: "\n")
}
