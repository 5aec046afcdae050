import Foundation
import PostureJSON

/// Reads scanner reports: detects the format from the content (never the file name),
/// validates that the report is of a container image, and turns it into ``ParsedReport``s.
///
/// Accepted: Trivy JSON schema 2, Grype JSON, Snyk container JSON (an object or an array of
/// results). Refused with a reason: anything that is not JSON or does not parse, Trivy's
/// pre-0.20 top-level array (it names no image ID or digest: re-run a current Trivy), Trivy
/// JSON of another schema version, SARIF, CycloneDX and SPDX documents, reports of
/// repositories, file systems or directories, and Snyk error or open-source results.
public enum ReportParser {
    /// Reads and parses the file at `path`.
    public static func parse(fileAt path: String) throws -> [ParsedReport] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
            throw ScanImportError.unreadable(file: path, reason: reason)
        }
        return try parse(data, file: path)
    }

    /// Parses one report's bytes; `file` names it in errors and in `scans.source_file`. One
    /// file may hold several reports (a Snyk array of results for different images).
    public static func parse(_ data: Data, file: String) throws -> [ParsedReport] {
        guard let first = firstSignificantByte(data) else {
            throw ScanImportError.malformedJSON(file: file, reason: "the file is empty")
        }
        guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            throw ScanImportError.notJSON(file: file)
        }
        let sha256 = sha256Hex(data)
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: data)
        } catch let error as JSONSyntaxError {
            throw ScanImportError.malformedJSON(file: file, reason: Self.syntaxReason(error, data: data))
        }
        do {
            switch try ReportDocument(document.root) {
            case .trivy(let report):
                return [report.report(file: file, sha256: sha256)]
            case .grype(let report):
                return [report.report(file: file, sha256: sha256)]
            case .snyk(let results):
                return try SnykResult.reports(results, file: file, sha256: sha256)
            }
        } catch let refusal as Refusal {
            throw ScanImportError(refusal, file: file)
        }
    }

    private static func firstSignificantByte(_ data: Data) -> UInt8? {
        var bytes = data.prefix(4096).makeIterator()
        var skippedBOM = false
        while let b = bytes.next() {
            if !skippedBOM && (b == 0xEF || b == 0xBB || b == 0xBF) { continue }
            skippedBOM = true
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { continue }
            return b
        }
        return nil
    }

    /// What is wrong with text that does not parse as JSON, in the words of Foundation's
    /// `JSONSerialization` ("Unexpected end of file during JSON parse", "Invalid value around
    /// character 9") when it refuses the text too, else the reader's own (with the byte offset).
    /// Only this rare path parses twice.
    static func syntaxReason(_ error: JSONSyntaxError, data: Data) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            if let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String {
                return detail.trimmingCharacters(in: CharacterSet(charactersIn: ". "))
            }
        }
        return error.description
    }
}

extension ScanImportError {
    init(_ refusal: Refusal, file: String) {
        switch refusal {
        case .unknown(let found): self = .unknownFormat(file: file, found: found)
        case .unsupported(let format, let advice): self = .unsupportedFormat(file: file, format: format, advice: advice)
        case .wrongArtifact(let scanner, let artifact): self = .wrongArtifact(file: file, scanner: scanner, artifact: artifact)
        case .invalid(let format, let reason): self = .invalidReport(file: file, format: format, reason: reason)
        case .scannerError(let scanner, let message): self = .scannerError(file: file, scanner: scanner, message: message)
        }
    }
}

/// The top-level document, told apart by its members.
enum ReportDocument {
    case trivy(TrivyReport)
    case grype(GrypeReport)
    case snyk([SnykResult])

    init(_ root: JSONValue) throws {
        switch root.kind {
        case .object: self = try Self.object(root)
        case .array: self = try Self.array(root)
        default: throw Refusal.unknown(found: "a single \(root.kind == .string ? "string" : root.kind == .number ? "number" : "literal"), not an object")
        }
    }

    private static func object(_ object: JSONValue) throws -> ReportDocument {
        let keys = Set(object.memberNames)
        if keys.contains("SchemaVersion") {
            let version = object["SchemaVersion"]?.int
            guard version == 2 else {
                throw Refusal.unsupported(
                    format: "Trivy JSON with SchemaVersion \(version.map(String.init) ?? "that is not a number")",
                    advice: "posture reads schema 2 (Trivy 0.20 and later): re-run `trivy image --format json` with such a Trivy")
            }
            let report = try Refusal.decoding("Trivy JSON") { try TrivyReport(object) }
            try report.validate()
            return .trivy(report)
        }
        if keys.contains("matches") && (keys.contains("source") || keys.contains("descriptor")) {
            let report = try Refusal.decoding("Grype JSON") { try GrypeReport(object) }
            try report.validate()
            return .grype(report)
        }
        if keys.contains("vulnerabilities") && !keys.isDisjoint(with: snykMarkers) {
            let result = try Refusal.decoding("Snyk JSON") { try SnykResult(object) }
            return .snyk([result])
        }
        if keys.contains("ok") && keys.contains("error") {
            throw Refusal.scannerError(scanner: "snyk", message: object["error"]?.string ?? "unknown error")
        }
        if keys.contains("runs") || object["$schema"]?.string?.contains("sarif") == true {
            throw Refusal.unsupported(
                format: "a SARIF document",
                advice: "SARIF carries no installed versions or image metadata as fields; write the scanner's JSON instead (trivy --format json, grype -o json)")
        }
        if keys.contains("bomFormat") || keys.contains("spdxVersion") {
            throw Refusal.unsupported(
                format: keys.contains("spdxVersion") ? "an SPDX SBOM" : "a CycloneDX document",
                advice: "import the scanner's JSON vulnerability report instead (trivy image --format json, grype -o json)")
        }
        if keys.contains("Results") || keys.contains("ArtifactName") {
            throw Refusal.unsupported(
                format: "Trivy JSON without SchemaVersion",
                advice: "re-run the scan with Trivy 0.20 or later (`trivy image --format json`)")
        }
        let shown = keys.sorted().prefix(6).joined(separator: ", ")
        throw Refusal.unknown(found: keys.isEmpty ? "an empty object" : "an object with members \(shown)\(keys.count > 6 ? ", …" : "")")
    }

    private static let snykMarkers: Set<String> = ["packageManager", "docker", "projectName", "dependencyCount", "applications", "uniqueCount"]

    private static func array(_ array: JSONValue) throws -> ReportDocument {
        let elements = array.elements
        guard let first = elements.first else { throw Refusal.unknown(found: "an empty array") }
        guard first.kind == .object else { throw Refusal.unknown(found: "an array of non-objects") }
        let keys = Set(first.memberNames)
        if keys.contains("Target") && (keys.contains("Vulnerabilities") || keys.contains("Type")) {
            throw Refusal.unsupported(
                format: "Trivy's old top-level-array JSON (before Trivy 0.20)",
                advice: "it names no image ID or digest to attach findings to; re-run the scan with a current Trivy (`trivy image --format json`)")
        }
        if (keys.contains("vulnerabilities") && !keys.isDisjoint(with: snykMarkers)) || (keys.contains("ok") && keys.contains("error")) {
            let results = try Refusal.decoding("Snyk JSON") {
                try elements.map { element -> SnykResult in
                    guard element.kind == .object else { throw element.shapeError(.notA(.object)) }
                    return try SnykResult(element)
                }
            }
            return .snyk(results)
        }
        let shown = keys.sorted().prefix(6).joined(separator: ", ")
        throw Refusal.unknown(found: "an array of objects with members \(shown)")
    }
}
