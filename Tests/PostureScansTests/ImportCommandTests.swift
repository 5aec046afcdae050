import Foundation
import Testing

/// Runs the built `posture` binary (`.build/debug/posture`); skipped when it is not built.
@Suite struct ImportCommandTests {
    static let binary: String? = {
        let path = Fixture.repositoryRoot.appendingPathComponent(".build/debug/posture").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func posture(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(binary))
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("posture-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(.enabled(if: binary != nil, "posture is not built"))
    func helpStatesAllOrNothingAndShowsExamples() throws {
        let run = try Self.posture(["import", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("All or nothing"))
        #expect(run.stdout.contains("Examples:"))
        #expect(run.stdout.contains("posture import nginx.trivy.json"))
        #expect(run.stdout.contains("--db <path>"))
    }

    @Test(.enabled(if: binary != nil, "posture is not built"))
    func noFileIsAUsageError() throws {
        let run = try Self.posture(["import", "--db", "/nonexistent/posture.db"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("Missing expected argument '<file> ...'"))
    }

    @Test(.enabled(if: binary != nil, "posture is not built"))
    func oneBadFileWritesNothing() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("posture.db").path
        let bad = Fixture.path("trivy/truncated.json")
        let run = try Self.posture(["import", "--db", db, Fixture.path("trivy/webapp-1.4.json"), bad, Fixture.path("snyk/webapp-1.4.json")])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("Error: \(bad) is not valid JSON (Unexpected end of file during JSON parse); the report may be truncated"))
        #expect(run.stderr.contains("nothing imported: 1 of 3 file(s) refused (an import is all or nothing)"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test(.enabled(if: binary != nil, "posture is not built"))
    func importThenReimport() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("posture.db").path
        let files = [Fixture.path("trivy/webapp-1.4.json"), Fixture.path("snyk/webapp-1.4.json")]
        let first = try Self.posture(["import", "--db", db] + files)
        #expect(first.status == 0, "\(first.stderr)")
        let lines = first.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("imported: \(files[0]): trivy-json-v2  trivy 0.58.1  registry.example.com/shop/webapp:1.4 (image sha256:5d0f3b1c2a9e)"))
        #expect(lines[0].hasSuffix("9 findings, 2 critical (1 duplicate collapsed), 1 secret, 1 misconfiguration"))
        #expect(lines[1].contains("snyk-json  snyk  registry.example.com/shop/webapp:1.4 (by repo tag"))
        #expect(lines[2].hasPrefix("snapshot 1: 2 report(s) written"))

        let again = try Self.posture(["import", "--db", db] + files)
        #expect(again.status == 0)
        #expect(again.stdout.contains("already imported: \(files[0])"))
        #expect(again.stdout.contains("no snapshot written"))
    }
}
