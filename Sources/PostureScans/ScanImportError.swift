import Foundation

/// Every error of scanner-report import: what failed, on which file, and what to do.
public enum ScanImportError: Error, LocalizedError, Equatable {
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// The file does not start like JSON at all.
    case notJSON(file: String)
    /// The file starts like JSON but does not parse (truncated, broken).
    case malformedJSON(file: String, reason: String)
    /// Valid JSON, but not a report format posture knows.
    case unknownFormat(file: String, found: String)
    /// A known scanner output that posture does not read (SARIF, CycloneDX, an old schema).
    case unsupportedFormat(file: String, format: String, advice: String)
    /// A report of something that is not a container image (a repository, a directory).
    case wrongArtifact(file: String, scanner: String, artifact: String)
    /// A report of a known format with a field posture needs missing or of the wrong type.
    case invalidReport(file: String, format: String, reason: String)
    /// The scanner wrote an error instead of results.
    case scannerError(file: String, scanner: String, message: String)
    /// A folder given to `collect --scan-results` holds no report.
    case noReports(directory: String)
    /// Several files failed; each is listed.
    case several([ScanImportError])

    public var errorDescription: String? {
        switch self {
        case .unreadable(let file, let reason):
            return "cannot read \(file): \(reason) (check the path and its permissions)"
        case .notJSON(let file):
            return "\(file) is not JSON: give a scanner's JSON report "
                + "(trivy image --format json, grype -o json, snyk container test --json)"
        case .malformedJSON(let file, let reason):
            return "\(file) is not valid JSON (\(reason)); the report may be truncated: write it again and re-import"
        case .unknownFormat(let file, let found):
            return "\(file) is not a Trivy, Grype or Snyk container report (\(found)); "
                + "give the JSON of `trivy image --format json`, `grype IMAGE -o json` or `snyk container test --json`"
        case .unsupportedFormat(let file, let format, let advice):
            return "\(file) is \(format), which posture does not import: \(advice)"
        case .wrongArtifact(let file, let scanner, let artifact):
            return "\(file) is a \(scanner) report of \(artifact), not of a container image: "
                + "posture attaches findings to images only (scan the image, e.g. `\(scanner == "snyk" ? "snyk container test IMAGE --json" : scanner == "grype" ? "grype IMAGE -o json" : "trivy image --format json IMAGE")`)"
        case .invalidReport(let file, let format, let reason):
            return "\(file) looks like a \(format) report but \(reason); write the report again with the scanner's JSON output"
        case .scannerError(let file, let scanner, let message):
            return "\(file) holds a \(scanner) error, not results: \(message) (fix the scan and re-run it)"
        case .noReports(let directory):
            return "\(directory) holds no .json report (put scanner JSON reports there, or pass files to `posture import`)"
        case .several(let errors):
            return errors.compactMap(\.errorDescription).joined(separator: "\n")
        }
    }

    /// The file (or folder) the error is about; `nil` for ``several(_:)``.
    public var file: String? {
        switch self {
        case .unreadable(let f, _), .notJSON(let f), .malformedJSON(let f, _), .unknownFormat(let f, _),
            .unsupportedFormat(let f, _, _), .wrongArtifact(let f, _, _), .invalidReport(let f, _, _),
            .scannerError(let f, _, _):
            return f
        case .noReports(let directory): return directory
        case .several: return nil
        }
    }

    /// The individual errors (one for a single-file error).
    public var all: [ScanImportError] {
        if case .several(let errors) = self { return errors.flatMap(\.all) }
        return [self]
    }
}
