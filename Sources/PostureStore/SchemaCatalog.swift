import Foundation
import GRDB

/// The public tables and views with their column descriptions, read from the `-- description`
/// comments of the embedded `schema/` DDL (SQLite keeps those comments in `sqlite_schema.sql`).
///
/// Reads an in-memory database migrated from the embedded schema, so it describes exactly what
/// this build writes. Used by `posture schema`.
public struct SchemaCatalog: Sendable {
    public struct Column: Sendable {
        public let name: String
        public let type: String
        public let description: String
    }

    public struct Relation: Sendable {
        /// Public name users write in SQL (`containers`, `containers_history`).
        public let name: String
        /// What one row is.
        public let description: String
        public let columns: [Column]
    }

    public let relations: [Relation]

    public static func load() throws -> SchemaCatalog {
        let queue = try DatabaseQueue()
        try Migrations.migrate(queue, path: ":memory:")
        return try queue.read { db in
            let objects = try Row.fetchAll(
                db, sql: "SELECT type, name, sql FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY name")
            var tableSQL: [String: String] = [:]
            var viewSQL: [String: String] = [:]
            for object in objects {
                if object["type"] as String == "table" { tableSQL[object["name"]] = object["sql"] }
                else { viewSQL[object["name"]] = object["sql"] }
            }
            var relations: [Relation] = []
            for object in objects {
                let name: String = object["name"]
                let sql: String = object["sql"]
                if name.hasPrefix("grdb_") || name.hasPrefix("sqlite_") { continue }
                let base: String
                if object["type"] as String == "view" {
                    guard let from = sql.range(of: "FROM ") else { continue }
                    base = String(sql[from.upperBound...].prefix { !$0.isWhitespace && $0 != ";" })
                } else {
                    // Storage tables (x_versions, x_samples) are documented through their views.
                    if name.hasSuffix("_versions") || name.hasSuffix("_samples") { continue }
                    base = name
                }
                var description: String
                let described: [Column]
                if name.hasSuffix("_versions") {
                    continue  // storage (tables, or views deriving versions), documented through x and x_history
                } else if let ddl = tableSQL[base] {
                    description = tableDescription(ddl)
                    described = columns(ddl)
                } else if let derived = viewSQL[base] {
                    // A view over a derived view (vulnerabilities → vulnerabilities_versions).
                    description = tableDescription(derived)
                    described = viewColumns(derived)
                } else {
                    continue
                }
                if name.hasSuffix("_history") { description += ", every version with its snapshot range" }
                relations.append(Relation(name: name, description: description, columns: described))
            }
            return SchemaCatalog(relations: relations)
        }
    }

    public func relation(named name: String) -> Relation? {
        relations.first { $0.name == name }
    }

    static func tableDescription(_ ddl: String) -> String {
        guard let firstLine = ddl.split(separator: "\n").first, let comment = firstLine.range(of: "--") else {
            return ""
        }
        return firstLine[comment.upperBound...].trimmingCharacters(in: .whitespaces)
    }

    /// Columns of a derived view, from its first SELECT's `expr AS name, -- description` lines.
    static func viewColumns(_ ddl: String) -> [Column] {
        var result: [Column] = []
        for line in ddl.split(separator: "\n").dropFirst() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("FROM ") { break }
            guard let asRange = trimmed.range(of: " AS ", options: .backwards),
                let comment = trimmed.range(of: "-- ")
            else { continue }
            let name = trimmed[asRange.upperBound..<comment.lowerBound]
                .trimmingCharacters(in: CharacterSet(charactersIn: ", "))
            result.append(Column(name: name, type: "", description: String(trimmed[comment.upperBound...])))
        }
        return result
    }

    /// `text` split at the commas outside parentheses and quotes.
    static func topLevelSegments(_ text: String) -> [String] {
        var segments: [String] = []
        var current = ""
        var depth = 0
        var quoted = false
        for character in text {
            if character == "'" { quoted.toggle() }
            if !quoted {
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
                if character == "," && depth == 0 {
                    segments.append(current)
                    current = ""
                    continue
                }
            }
            current.append(character)
        }
        segments.append(current)
        return segments
    }

    static func columns(_ ddl: String) -> [Column] {
        var result: [Column] = []
        for line in ddl.split(separator: "\n").dropFirst() {
            var trimmed = line.trimmingCharacters(in: .whitespaces)
            // A column added by ALTER TABLE shares its line with what precedes it
            // (", name TYPE -- description"): keep the last definition on the line.
            let definitions = trimmed.range(of: "-- ").map { String(trimmed[..<$0.lowerBound]) } ?? trimmed
            if let last = topLevelSegments(definitions).last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
                last.count < definitions.count
            {
                let comment = trimmed.range(of: "-- ").map { String(trimmed[$0.lowerBound...]) } ?? ""
                trimmed = last.trimmingCharacters(in: .whitespaces) + " " + comment
            }
            let words = trimmed.split(separator: " ", maxSplits: 2)
            guard words.count >= 2,
                ["INTEGER", "TEXT", "REAL", "BLOB", "ANY"].contains(words[1].trimmingCharacters(in: CharacterSet(charactersIn: ",")))
            else { continue }
            var description = ""
            if let comment = trimmed.range(of: "-- ") { description = String(trimmed[comment.upperBound...]) }
            result.append(
                Column(
                    name: words[0].trimmingCharacters(in: CharacterSet(charactersIn: "\"")),
                    type: words[1].trimmingCharacters(in: CharacterSet(charactersIn: ",")),
                    description: description))
        }
        return result
    }
}
