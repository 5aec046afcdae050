import Foundation
import Testing

/// Runs the built `posture` binary (next to the test bundle) against a scenario database: exit
/// statuses 0 / 3 / 64 / 1, data on stdout, diagnostics on stderr, `--output`.
@Suite("posture report on the command line", .enabled(if: PostureBinary.url != nil))
struct CommandLineTests {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = PostureBinary.url
        process.arguments = arguments
        process.environment = ["NO_COLOR": "1", "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test("--fail-on: 3 with alarms at or above, 0 below; 64 for usage errors; 1 for runtime errors")
    func exitStatuses() throws {
        let fixture = try ReportFixture()
        try fixture.writeScenario()
        let db = ["--db", fixture.path]
        let failing = try run(["report"] + db + ["--fail-on", "critical", "--format", "json"])
        #expect(failing.status == 3)
        #expect(failing.stdout.hasPrefix("{"))  // the report is still written, to stdout
        #expect(failing.stderr.contains("1 alarm at or above critical"))
        #expect(try run(["report"] + db + ["--fail-on", "critical", "--section", "resources"]).status == 0)
        #expect(try run(["report"] + db).status == 0)
        #expect(try run(["report"] + db + ["--fail-on", "severe"]).status == 64)
        #expect(try run(["report"] + db + ["--format", "pdf"]).status == 64)
        #expect(try run(["report", "--db", fixture.path + ".missing"]).status == 1)
        #expect(try run(["report"] + db + ["--diff"]).status == 1)  // one complete snapshot: nothing to compare
    }

    @Test("--diff --fail-on counts new alarms only; --output writes the file")
    func diffFailOn() throws {
        let fixture = try DiffTests().drift()
        let db = ["--db", fixture.path]
        #expect(try run(["report"] + db + ["--diff", "1", "2", "--fail-on", "critical"]).status == 3)
        #expect(try run(["report"] + db + ["--diff", "--fail-on", "info"]).status == 0)  // 2 → 3: nothing new
        let file = fixture.folder + "/diff.html"
        let written = try run(["report"] + db + ["--diff", "1", "2", "--format", "html", "--output", file])
        #expect(written.status == 0 && written.stdout.isEmpty)
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("<svg"))
    }
}

/// The `posture` executable built next to the test bundle, if any.
enum PostureBinary {
    static let url: URL? = {
        let folder = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).deletingLastPathComponent()
        for candidate in [folder, folder.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("posture")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }()
}
