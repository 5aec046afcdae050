import Foundation

/// Runs the `posture` executable built next to the test bundle, as root or as `nobody`.
enum PostureProcess {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static let binary: URL? = {
        let folder = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).deletingLastPathComponent()
        for candidate in [folder, folder.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("posture")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }()

    /// Runs posture with `arguments`; as `nobody` (with `groups` as its only supplementary
    /// groups, via setpriv) when `asNobody`, under `umask` when given.
    static func run(_ arguments: [String], asNobody: Bool = false, groups: [gid_t] = [], umask: String? = nil) throws -> Run {
        guard let binary else { throw TestFailure("the posture executable is not built (swift build)") }
        var command = [binary.path] + arguments
        if let umask { command = ["/bin/sh", "-c", "umask \(umask); exec \"$0\" \"$@\""] + command }
        if asNobody {
            let groupOption = groups.isEmpty ? ["--clear-groups"] : ["--groups", groups.map(String.init).joined(separator: ",")]
            command = ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup"] + groupOption + command
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = ["NO_COLOR": "1", "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n"),  // CSV ends lines with CRLF
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
