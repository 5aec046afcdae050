import Foundation
import Testing

/// `posture collect --scan` with no scanner on PATH, through the built binary: an error-free
/// no-op that says so on stdout and records the `scan` collector as skipped.
@Suite struct CollectScanCommandTests {
    @Test(.enabled(if: ImportCommandTests.binary != nil, "posture is not built"))
    func scanWithoutScannerIsANoOpWithANote() throws {
        let folder = try ImportCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("posture.db").path
        let path = "/usr/bin:/bin"
        for directory in ["/usr/bin", "/bin"] {
            for tool in ["trivy", "grype"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(tool)") {
                Issue.record("\(directory)/\(tool) is installed: this test needs a PATH without a scanner")
                return
            }
        }
        // The private test engine when there is one (a complete snapshot), else a socket that does
        // not exist (the engine is recorded as unreachable: a partial snapshot, exit status 2).
        let engine = ProcessInfo.processInfo.environment["POSTURE_TEST_DOCKER_HOST"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(ImportCommandTests.binary))
        process.arguments = ["collect", "--scan", "--skip-host", "--db", db, "--engine", engine ?? "unix://" + folder.path + "/none.sock"]
        process.environment = ["PATH": path, "HOME": folder.path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationStatus == (engine == nil ? 2 : 0), "\(stdout)\(stderr)")
        #expect(stdout.contains("scan skipped: no scanner installed: neither trivy nor grype is on PATH (\(path))"), "\(stdout)")
        #expect(!stderr.contains("scan"), "the skipped scan is no warning: \(stderr)")
        let rows = try ImportCommandTests.posture(
            ["query", "--db", db, "--format", "csv", "SELECT status, error LIKE 'no scanner installed%', item_count FROM snapshot_collectors WHERE collector = 'scan'"])
        // CSV lines end in CRLF.
        #expect(rows.stdout.split(whereSeparator: \.isNewline).dropFirst().map(String.init) == ["skipped,1,0"], "\(rows.stdout)\(rows.stderr)")
        #expect(try ImportCommandTests.posture(["query", "--db", db, "--format", "csv", "SELECT count(*) AS scans FROM scans"]).stdout.split(whereSeparator: \.isNewline) == ["scans", "0"])
    }
}
