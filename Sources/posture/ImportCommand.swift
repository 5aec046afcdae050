import ArgumentParser
import Foundation
import PostureFacts
import PostureScans
import PostureStore

/// `posture import FILE…`: reads scanner reports and writes them as one snapshot.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import vulnerability-scanner reports (Trivy, Grype, Snyk JSON) into the database.",
        discussion: """
            Reads Trivy JSON (schema 2), Grype JSON and Snyk container JSON; the format is \
            detected from the content. Findings attach to images by the image ID the report \
            names, else by repo digest, else by repo tag (the summary says which), when the \
            image is recorded by `posture collect` - before or after the import.

            All or nothing: every file is parsed and checked first; if any is refused (not \
            JSON, truncated, an unknown format, a scan of a repository or directory rather than \
            an image), each refusal is printed, the exit status is 1 and nothing is written.

            The reports are written as one new snapshot. A report already imported (same \
            content) changes nothing, and when every report is, no snapshot is written. A newer \
            report of the same image by the same scanner replaces the older one: findings it no \
            longer lists are closed, new ones opened.

            Examples:
              trivy image --format json -o nginx.trivy.json nginx:1.25
              posture import nginx.trivy.json
              grype nginx:1.25 -o json > nginx.grype.json
              snyk container test nginx:1.25 --json > nginx.snyk.json
              posture import --db /var/lib/posture/posture.db nginx.grype.json nginx.snyk.json
              posture query "SELECT image_id, vulnerability_id, package, severity FROM vulnerabilities WHERE severity = 'critical'"
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var lock: LockTimeoutOption

    @Argument(help: ArgumentHelp("Scanner report files (JSON).", valueName: "file"))
    var files: [String]

    func run() throws {
        let start = Date()
        let reports: [ParsedReport]
        do {
            reports = try ScanImport.load(files: files)
        } catch let error as ScanImportError {
            let refused = error.all
            for e in refused { Self.printError("Error: " + (e.errorDescription ?? "\(e)")) }
            let files = Set(refused.compactMap(\.file)).count
            Self.printError("nothing imported: \(files) of \(self.files.count) file(s) refused (an import is all or nothing)")
            throw ExitCode.failure
        }

        let db = try PostureDatabase(path: database.path, busyTimeout: lock.lockTimeout)
        let recorded = try Self.recordedScans(path: db.path)
        let planned = ScanImport.plan(reports, recorded: recorded)
        var closing = "nothing new: every report is already imported or superseded (no snapshot written)"
        if planned.contains(where: \.decision.writes) {
            let elapsed = Int(Date().timeIntervalSince(start) * 1000)
            let input = SnapshotInput(
                takenAt: UTCTime.now(), host: ProcessInfo.processInfo.hostName, toolVersion: Posture.version,
                results: [ScanImport.collectorResult(planned, durationMs: elapsed)])
            let written = try db.writeSnapshot(input, durationMs: elapsed)
            let count = planned.filter(\.decision.writes).count
            closing = "snapshot \(written.snapshotID): \(count) report(s) written, "
                + "\(written.versionsOpened) fact versions opened, \(written.versionsClosed) closed"
        }
        for p in planned {
            print("\(p.decision.label): \(p.report.sourceFile): \(p.report.summary)")
        }
        print(closing)
    }

    static func recordedScans(path: String) throws -> [RecordedScan] {
        let result = try ReadOnlyDatabase(path: path).query(ScanImport.recordedScansQuery)
        return result.rows.compactMap { row in
            guard let id = row[0].text, let sha = row[1].text else { return nil }
            return RecordedScan(scanID: id, sourceSHA256: sha, scannedAt: row[2].text)
        }
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
