import Foundation

/// Runs the built `posture` executable (`.build/debug/posture`, next to the test bundle) as a
/// separate process, so a fault test can kill it, race two of them, or watch its exit status.
/// Output goes to files in a temporary folder (never a pipe that could fill up and block).
enum PostureCLI {
    /// The built binary, found as ``PostureProcess/binary`` finds it.
    static var url: URL? { PostureProcess.binary }

    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
        let seconds: Double
    }

    /// A started `posture` process.
    final class Running {
        let process = Process()
        let out: URL
        let err: URL
        let started = Date()

        init(_ arguments: [String]) throws {
            guard let binary = PostureCLI.url else {
                throw TestFailure("the posture executable is not built next to the tests (run swift build first)")
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("posture-cli-" + UUID().uuidString)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            out = folder.appendingPathComponent("stdout")
            err = folder.appendingPathComponent("stderr")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            _ = FileManager.default.createFile(atPath: err.path, contents: nil)
            process.executableURL = binary
            process.arguments = arguments
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            try process.run()
        }

        var pid: Int32 { process.processIdentifier }

        func kill9() { kill(process.processIdentifier, SIGKILL) }

        func wait() -> Outcome {
            process.waitUntilExit()
            let outcome = Outcome(
                status: process.terminationStatus,
                stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "",
                seconds: Date().timeIntervalSince(started))
            try? FileManager.default.removeItem(at: out.deletingLastPathComponent())
            return outcome
        }
    }

    static func start(_ arguments: [String]) throws -> Running { try Running(arguments) }

    static func run(_ arguments: [String]) throws -> Outcome { try Running(arguments).wait() }

    /// `posture collect` of one engine into `db`, without the host collectors (the fault tests
    /// are about the engine and the database).
    static func collect(db: String, engine: String, _ extra: [String] = []) throws -> Outcome {
        try run(collectArguments(db: db, engine: engine) + extra)
    }

    static func collectArguments(db: String, engine: String) -> [String] {
        ["collect", "--db", db, "--engine", engine, "--skip-host", "--quiet"]
    }
}
