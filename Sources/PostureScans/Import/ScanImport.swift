import Foundation
import PostureFacts

/// What the database already holds for a scan, read before an import to skip reports that are
/// already imported or older than the recorded one.
public struct RecordedScan: Sendable, Equatable {
    public let scanID: String
    public let sourceSHA256: String
    public let scannedAt: String?

    public init(scanID: String, sourceSHA256: String, scannedAt: String?) {
        self.scanID = scanID
        self.sourceSHA256 = sourceSHA256
        self.scannedAt = scannedAt
    }
}

/// What an import does with one report.
public enum ImportDecision: Sendable, Equatable {
    /// First report of its subject and scanner.
    case new
    /// Replaces the recorded report of the same subject and scanner.
    case replaces(previousSHA256: String)
    /// The same file content is already the recorded report: nothing to do.
    case alreadyImported
    /// The recorded report of this subject and scanner ran later: kept, this one skipped.
    case olderThanRecorded(recordedScannedAt: String)
    /// Another report of the same subject and scanner in this import is newer (or later on the
    /// command line): that one is imported.
    case superseded(by: String)

    public var writes: Bool {
        switch self {
        case .new, .replaces: return true
        default: return false
        }
    }

    /// Word for the summary line.
    public var label: String {
        switch self {
        case .new: return "imported"
        case .replaces: return "updated"
        case .alreadyImported: return "already imported"
        case .olderThanRecorded(let at): return "skipped (older than the recorded scan of \(at))"
        case .superseded(let file): return "skipped (superseded by \(file))"
        }
    }
}

public struct PlannedReport: Sendable {
    public let report: ParsedReport
    public let decision: ImportDecision
}

/// Entry points for `posture import` and `posture collect --scan-results`: load and validate
/// report files (all or nothing), decide what each changes, and build the facts.
public enum ScanImport {
    /// Collector name recorded in `snapshot_collectors` for imported reports.
    public static let collectorName = "scan-import"

    /// SQL the caller runs (read-only) to get the ``RecordedScan``s: columns scan_id,
    /// source_sha256, scanned_at.
    public static let recordedScansQuery = "SELECT scan_id, source_sha256, scanned_at FROM scans"

    /// Parses every file; throws (listing every failing file) if any fails, so nothing is
    /// written unless every file is good.
    public static func load(files: [String]) throws -> [ParsedReport] {
        var reports: [ParsedReport] = []
        var errors: [ScanImportError] = []
        for file in files {
            do {
                reports += try ReportParser.parse(fileAt: file)
            } catch let error as ScanImportError {
                errors += error.all
            } catch {
                errors.append(.unreadable(file: file, reason: error.localizedDescription))
            }
        }
        if errors.count == 1 { throw errors[0] }
        if !errors.isEmpty { throw ScanImportError.several(errors) }
        return reports
    }

    /// The `.json` files directly in `directory`, sorted by name.
    public static func reportFiles(in directory: String) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw ScanImportError.unreadable(file: directory, reason: (error as NSError).localizedDescription)
        }
        let url = URL(fileURLWithPath: directory)
        return names.filter { $0.lowercased().hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
            .map { url.appendingPathComponent($0).path }
    }

    /// Every `.json` report in `directory`, all or nothing like ``load(files:)``.
    public static func load(directory: String) throws -> [ParsedReport] {
        let files = try reportFiles(in: directory)
        if files.isEmpty { throw ScanImportError.noReports(directory: directory) }
        return try load(files: files)
    }

    /// Decides, per report, whether it is written: reports of one subject and scanner in the
    /// same import keep only the newest (by scan time, then command-line order); a report whose
    /// content is already recorded, or that is older than the recorded one, is skipped.
    public static func plan(_ reports: [ParsedReport], recorded: [RecordedScan]) -> [PlannedReport] {
        let recordedByID = Dictionary(recorded.map { ($0.scanID, $0) }, uniquingKeysWith: { a, _ in a })
        var winner: [String: Int] = [:]
        for (i, report) in reports.enumerated() {
            let id = report.scanID
            if let j = winner[id], (reports[j].scannedAt ?? "") > (report.scannedAt ?? "") { continue }
            winner[id] = i
        }
        return reports.enumerated().map { i, report in
            let id = report.scanID
            if let w = winner[id], w != i {
                return PlannedReport(report: report, decision: .superseded(by: reports[w].sourceFile))
            }
            guard let previous = recordedByID[id] else { return PlannedReport(report: report, decision: .new) }
            if previous.sourceSHA256 == report.sourceSHA256 {
                return PlannedReport(report: report, decision: .alreadyImported)
            }
            if let then = previous.scannedAt, let now = report.scannedAt, now < then {
                return PlannedReport(report: report, decision: .olderThanRecorded(recordedScannedAt: then))
            }
            return PlannedReport(report: report, decision: .replaces(previousSHA256: previous.sourceSHA256))
        }
    }

    /// Fact sets of the reports that are written.
    public static func factSets(_ planned: [PlannedReport]) -> [FactSet] {
        planned.filter(\.decision.writes).flatMap { ScanFacts.factSets(for: $0.report) }
    }

    /// One `scan-import` collector result holding the written reports' facts (engine nil).
    public static func collectorResult(
        _ planned: [PlannedReport], durationMs: Int = 0, collector: String = collectorName
    ) -> CollectorResult {
        CollectorResult(
            collector: collector, engineID: nil, status: .ok, itemCount: planned.filter(\.decision.writes).count,
            durationMs: durationMs, facts: factSets(planned))
    }

    /// For `collect --scan-results DIR`: unlike `import`, one bad report does not stop the
    /// others. Good reports are planned against `recorded`; bad ones make the result `partial`
    /// (or `failed` when none is good) with every refusal in `error`. A missing folder fails.
    public static func collectorResult(directory: String, recorded: [RecordedScan]) -> (CollectorResult, [PlannedReport]) {
        let start = Date()
        var reports: [ParsedReport] = []
        var errors: [String] = []
        do {
            let files = try reportFiles(in: directory)
            if files.isEmpty { errors.append(ScanImportError.noReports(directory: directory).localizedDescription) }
            for file in files {
                do {
                    reports += try ReportParser.parse(fileAt: file)
                } catch {
                    errors.append(error.localizedDescription)
                }
            }
        } catch {
            errors.append(error.localizedDescription)
        }
        let planned = plan(reports, recorded: recorded)
        var result = collectorResult(planned, durationMs: Int(Date().timeIntervalSince(start) * 1000), collector: "scan-results")
        if !errors.isEmpty {
            result.status = reports.isEmpty ? .failed : .partial
            result.error = errors.joined(separator: "\n")
            if result.status == .failed { result.facts = [] }
        }
        return (result, planned)
    }
}
