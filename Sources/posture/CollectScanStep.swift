import Foundation
import PostureFacts
import PostureScans
import PostureStore

extension CollectCommand {
    /// `collect --scan`: scans the images in `found` (this collect's results) that the installed
    /// scanner has not scanned with its current database, and returns the `scan` collector
    /// result to write in the same snapshot. Prints one note on stdout (unless `--quiet`) and,
    /// on a terminal, progress on stderr.
    func scanImages(found: [CollectorResult]) throws -> CollectorResult {
        let runner = ScannerRunner()
        var scanned = Set<String>()
        if let tool = runner.installed.first {
            let built = runner.databaseTime(of: tool)
            let db = try ReadOnlyDatabase(path: database.path)
            scanned = Set(try db.query(CollectScan.scannedQuery(tool: tool, databaseBuiltAt: built)).rows.compactMap { $0.first?.text })
        }
        var progress: (@Sendable (Int, Int) -> Void)?
        if !quiet && isatty(STDERR_FILENO) == 1 {
            progress = { done, total in
                FileHandle.standardError.write(Data("\rscanning images: \(done)/\(total)\(done == total ? "\n" : "")".utf8))
            }
        }
        let outcome = CollectScan.run(
            targets: CollectScan.targets(in: found), alreadyScanned: scanned,
            recorded: try ImportCommand.recordedScans(path: database.path), runner: runner,
            concurrency: scanConcurrency, progress: progress)
        if !quiet { print(outcome.note) }
        return outcome.result
    }
}
