import PostureFacts
import PostureStore
import Foundation

/// Parses and validates the `-- key: value` header at the top of a check file.
///
/// The header is the run of leading lines of the form `-- key: value` where `key` is lower-case
/// letters and underscores; the first other line ends it, so later comments (`-- Row severity:
/// ...`) belong to the query. Every key in ``requiredKeys`` must appear exactly once; only
/// `cis` may be empty.
enum CheckHeader {
    static let requiredKeys = ["id", "title", "severity", "section", "cis", "rationale", "remediation"]

    /// Builds a ``Check`` from the file at `path` (relative to `queries/`), or throws
    /// ``ChecksError/invalidCheck(file:problem:)`` naming the file and what is wrong.
    static func parse(path: String, text: String) throws -> Check {
        func fail(_ problem: String) -> ChecksError { .invalidCheck(file: path, problem: problem) }

        let fields = try headerFields(of: text, fail: fail)
        for key in requiredKeys where fields[key] == nil {
            throw fail("header lacks `-- \(key): ...`")
        }
        for key in requiredKeys where key != "cis" && fields[key]!.isEmpty {
            throw fail("header key \(key) is empty")
        }
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count == 2, parts[1].hasSuffix(".sql") else {
            throw fail("a check must live at queries/<section>/<id>.sql")
        }
        let fileID = String(parts[1].dropLast(4))
        let id = fields["id"]!
        guard id == fileID else { throw fail("id \(id) differs from the file name \(fileID).sql") }
        guard id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }), id.first?.isLetter == true else {
            throw fail("id \(id) must be lower-case letters, digits and dashes")
        }
        guard let severity = Severity(rawValue: fields["severity"]!) else {
            throw fail("severity \(fields["severity"]!) is not one of \(Severity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let section = Section(rawValue: fields["section"]!) else {
            throw fail("section \(fields["section"]!) is not one of \(Section.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard section.rawValue == parts[0] else {
            throw fail("section \(section.rawValue) differs from the folder \(parts[0])")
        }
        if body(of: text).trimmingSQLComments().isEmpty {
            throw fail("no query below the header")
        }
        let cis = fields["cis"]!
        return Check(
            id: id, title: fields["title"]!, severity: severity, section: section,
            cis: cis.isEmpty ? nil : cis, rationale: fields["rationale"]!,
            remediation: fields["remediation"]!, path: path, sql: text)
    }

    /// The text below the header, trimmed: what ``SQLHash`` hashes.
    static func body(of text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let headerCount = lines.prefix { headerLine($0) != nil }.count
        return String(lines.dropFirst(headerCount).joined(separator: "\n").trimmedOfWhitespace)
    }

    private static func headerFields(of text: String, fail: (String) -> ChecksError) throws -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let (key, value) = headerLine(line) else { break }
            guard requiredKeys.contains(key) else { throw fail("unknown header key \(key)") }
            guard fields[key] == nil else { throw fail("header key \(key) appears twice") }
            fields[key] = value
        }
        if fields.isEmpty { throw fail("no `-- key: value` header at the top of the file") }
        return fields
    }

    /// `(key, value)` when `line` is a header line, else `nil`.
    private static func headerLine(_ line: Substring) -> (String, String)? {
        guard line.hasPrefix("-- ") else { return nil }
        let rest = line.dropFirst(3)
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let key = rest[..<colon]
        guard !key.isEmpty, key.allSatisfy({ ($0.isASCII && $0.isLowercase) || $0 == "_" }) else { return nil }
        let value = rest[rest.index(after: colon)...].trimmedOfWhitespace
        return (String(key), String(value))
    }
}
