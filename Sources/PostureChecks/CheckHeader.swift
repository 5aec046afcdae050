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
        let check = Check(
            id: id, title: fields["title"]!, severity: severity, section: section,
            cis: fields["cis"]!.isEmpty ? nil : fields["cis"], rationale: fields["rationale"]!,
            remediation: fields["remediation"]!, path: path, sql: text)
        if check.body.trimmingSQLComments().isEmpty {
            throw fail("no query below the header")
        }
        return check
    }

    /// The text below the header, trimmed: what ``SQLHash`` hashes.
    static func body(of text: String) -> String {
        String(text[header(of: text).bodyStart...].trimmedOfWhitespace)
    }

    /// The header's `(key, value)` lines and where the text below them starts. Lines are
    /// found on the UTF-8 bytes and only the header's are looked at: this runs for every
    /// check at the start of every collect.
    private static func header(of text: String) -> (fields: [(String, String)], bodyStart: String.Index) {
        var fields: [(String, String)] = []
        var start = text.startIndex
        while start < text.endIndex {
            let end = text.utf8[start...].firstIndex(of: UInt8(ascii: "\n")) ?? text.endIndex
            guard let field = headerLine(text[start..<end]) else { break }
            fields.append(field)
            start = end == text.endIndex ? end : text.utf8.index(after: end)
        }
        return (fields, start)
    }

    private static func headerFields(of text: String, fail: (String) -> ChecksError) throws -> [String: String] {
        var fields: [String: String] = [:]
        for (key, value) in header(of: text).fields {
            guard requiredKeys.contains(key) else { throw fail("unknown header key \(key)") }
            guard fields[key] == nil else { throw fail("header key \(key) appears twice") }
            fields[key] = value
        }
        if fields.isEmpty { throw fail("no `-- key: value` header at the top of the file") }
        return fields
    }

    /// `(key, value)` when `line` is a header line, else `nil`. The prefix and the key are
    /// matched on the UTF-8 bytes (a key is ASCII lower-case letters and underscores).
    private static func headerLine(_ line: Substring) -> (String, String)? {
        let bytes = line.utf8
        guard bytes.starts(with: "-- ".utf8) else { return nil }
        let rest = bytes.dropFirst(3)
        guard let colon = rest.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let key = rest[..<colon]
        guard !key.isEmpty, key.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || $0 == UInt8(ascii: "_") })
        else { return nil }
        let value = line[bytes.index(after: colon)...].trimmedOfWhitespace
        return (String(Substring(key)), String(value))
    }
}
