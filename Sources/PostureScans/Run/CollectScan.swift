import Foundation
import PostureFacts

/// `collect --scan`: scans the images a collect found that have no scan yet by the installed
/// scanner with its current database, and turns the reports into one `scan` collector result
/// written in the collect's own transaction.
///
/// Reads the `images` fact sets of the collect's results (image ID and engine) and what the
/// database holds (``scannedQuery(tool:databaseBuiltAt:)``, ``ScanImport/recordedScansQuery``);
/// writes the `scans`, `scan_vulnerabilities`, `scan_secrets` and `scan_misconfigurations`
/// facts through the collector result. With no scanner installed the result is `skipped` with
/// a note saying so, and nothing runs. A scan that fails for one image is listed in the
/// result's `error` (status `partial`; `failed` when every scan failed): the other images'
/// reports are still written.
public enum CollectScan {
    /// Collector name in `snapshot_collectors`.
    public static let collectorName = "scan"

    /// An image to scan, and the engine that holds it (the scanner is pointed at that engine).
    public struct Target: Sendable, Equatable {
        /// Engine endpoint (`unix:///…`, `tcp://…`), given to the scanner as `DOCKER_HOST`;
        /// `nil` leaves the scanner's own default.
        public let engineID: String?
        public let imageID: String
        public init(engineID: String?, imageID: String) {
            self.engineID = engineID
            self.imageID = imageID
        }
    }

    /// What a run did, for the collect's output.
    public struct Outcome: Sendable {
        public var result: CollectorResult
        /// One line for people: what was scanned, or why nothing was.
        public var note: String
    }

    /// Every image ID in the `images` fact sets of `results`, once, with the first engine that
    /// holds it, in ID order.
    public static func targets(in results: [CollectorResult]) -> [Target] {
        var seen = Set<String>()
        var targets: [Target] = []
        for result in results where result.status != .failed {
            for set in result.facts where set.table == "images" {
                guard let column = set.columns.firstIndex(of: "image_id") else { continue }
                for row in set.rows {
                    guard let id = row[column].textValue, let engine = result.engineID else { continue }
                    if seen.insert(id).inserted { targets.append(Target(engineID: engine, imageID: id)) }
                }
            }
        }
        return targets.sorted { $0.imageID < $1.imageID }
    }

    /// SQL (for a read-only connection) listing the image IDs that `tool` already scanned by
    /// image ID, with a database at least as new as `databaseBuiltAt` when that is known.
    public static func scannedQuery(tool: ScannerRunner.Tool, databaseBuiltAt: String?) -> String {
        func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        var sql = "SELECT DISTINCT match_key FROM scans WHERE scanner = \(literal(tool.rawValue)) AND match_kind = 'image_id'"
        if let built = databaseBuiltAt {
            sql += " AND db_updated_at IS NOT NULL AND db_updated_at >= \(literal(built))"
        }
        return sql
    }

    /// Scans `targets` not in `alreadyScanned` with `runner` (its first installed scanner), at
    /// most `concurrency` at a time, calling `progress(done, total)` after each; plans the
    /// reports against `recorded` like an import.
    public static func run(
        targets: [Target], alreadyScanned: Set<String>, recorded: [RecordedScan], runner: ScannerRunner,
        concurrency: Int, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) -> Outcome {
        let start = Date()
        guard let tool = runner.installed.first else {
            let result = CollectorResult(collector: collectorName, engineID: nil, status: .skipped, error: runner.notInstalledNote)
            return Outcome(result: result, note: "scan skipped: " + runner.notInstalledNote)
        }
        let todo = targets.filter { !alreadyScanned.contains($0.imageID) }
        if todo.isEmpty {
            let result = CollectorResult(collector: collectorName, engineID: nil, status: .ok)
            return Outcome(result: result, note: "scan: every image already has a \(tool.rawValue) scan with the current database")
        }
        let outcome = runner.scan(todo, with: tool, concurrency: concurrency, progress: progress)
        let planned = ScanImport.plan(outcome.reports, recorded: recorded)
        var result = ScanImport.collectorResult(
            planned, durationMs: Int(Date().timeIntervalSince(start) * 1000), collector: collectorName)
        if !outcome.failures.isEmpty {
            result.status = outcome.reports.isEmpty ? .failed : .partial
            result.error = outcome.failures.map { "\($0.image): \($0.reason)" }.joined(separator: "\n")
        }
        var note = "scan: \(tool.rawValue) scanned \(counted(todo.count - outcome.failures.count, "image"))"
        if !outcome.failures.isEmpty { note += ", \(outcome.failures.count) failed (see posture snapshots --show latest)" }
        return Outcome(result: result, note: note)
    }
}
