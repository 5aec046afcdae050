import PostureFacts
import PostureStore
import Foundation

/// Parses and validates the `-- key: value` header at the top of a check file.
///
/// The header is the run of leading lines of the form `-- key: value` where `key` is lower-case
/// letters and underscores; the first other line ends it, so later comments (`-- Row severity:
/// ...`) belong to the query. Every key in ``requiredKeys`` must appear exactly once; only
/// `cis` may be empty. ``optionalKeys`` may appear once.
enum CheckHeader {
    static let requiredKeys = ["id", "title", "severity", "section", "cis", "rationale", "remediation"]
    /// `per: container` declares a check container-local (``Check/perContainer``), `per: image`
    /// image-local (``Check/perImage``).
    static let optionalKeys = ["per"]

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
        if let per = fields["per"], per != "container", per != "image" {
            throw fail("per \(per) is not container or image (the units a check can be evaluated per)")
        }
        let check = Check(
            id: id, title: fields["title"]!, severity: severity, section: section,
            cis: fields["cis"]!.isEmpty ? nil : fields["cis"], rationale: fields["rationale"]!,
            remediation: fields["remediation"]!, path: path, sql: text, perContainer: fields["per"] == "container",
            perImage: fields["per"] == "image")
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
    /// found on the UTF-8 bytes in place and only the header's are looked at: this runs for
    /// every check at the start of every collect and report, and generic views of the text
    /// (`Substring.UTF8View`) cost a runtime conformance lookup each on first use.
    private static func header(of text: String) -> (fields: [(String, String)], bodyStart: String.Index) {
        var fields: [(String, String)] = []
        var utf8 = text
        let bodyOffset = utf8.withUTF8 { bytes -> Int in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                guard let field = headerLine(UnsafeBufferPointer(rebasing: bytes[start..<end])) else { break }
                fields.append(field)
                start = end == bytes.count ? end : end + 1
            }
            return start
        }
        return (fields, text.utf8.index(text.startIndex, offsetBy: bodyOffset))
    }

    private static func headerFields(of text: String, fail: (String) -> ChecksError) throws -> [String: String] {
        var fields: [String: String] = [:]
        for (key, value) in header(of: text).fields {
            guard requiredKeys.contains(key) || optionalKeys.contains(key) else { throw fail("unknown header key \(key)") }
            guard fields[key] == nil else { throw fail("header key \(key) appears twice") }
            fields[key] = value
        }
        if fields.isEmpty { throw fail("no `-- key: value` header at the top of the file") }
        return fields
    }

    /// `(key, value)` when `line` (its UTF-8 bytes) is a header line, else `nil`. The prefix
    /// and the key are matched on the bytes (a key is ASCII lower-case letters and
    /// underscores); the value is trimmed of whitespace as ``trimmedOfWhitespace`` trims it.
    private static func headerLine(_ line: UnsafeBufferPointer<UInt8>) -> (String, String)? {
        guard line.count >= 3, line[0] == UInt8(ascii: "-"), line[1] == UInt8(ascii: "-"), line[2] == UInt8(ascii: " ")
        else { return nil }
        var colon = 3
        while colon < line.count && line[colon] != UInt8(ascii: ":") { colon += 1 }
        guard colon < line.count, colon > 3,
            line[3..<colon].allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || $0 == UInt8(ascii: "_") })
        else { return nil }
        let key = String(decoding: UnsafeBufferPointer(rebasing: line[3..<colon]), as: UTF8.self)
        return (key, String(trimmingWhitespaceOf: UnsafeBufferPointer(rebasing: line[(colon + 1)...])))
    }
}
