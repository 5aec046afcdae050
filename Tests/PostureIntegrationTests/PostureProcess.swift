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

    /// The binary as `nobody` can run it: in place when every folder above it lets others in,
    /// else a copy in a world-readable folder under /tmp (a clone under /root is not), removed
    /// when the test process exits.
    static let nobodyBinary: URL? = {
        guard let binary else { return nil }
        var path = binary.path
        var reachable = true
        while path != "/" && !path.isEmpty {
            var info = stat()
            if stat(path, &info) != 0 || info.st_mode & 0o001 == 0 { reachable = false }
            path = (path as NSString).deletingLastPathComponent
        }
        if reachable { return binary }
        let folder = "/tmp/posture-test-binary-\(getpid())"
        let copy = URL(fileURLWithPath: folder + "/posture")
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            chmod(folder, 0o755)
            try FileManager.default.copyItem(at: binary, to: copy)
            chmod(copy.path, 0o755)
        } catch {
            return nil
        }
        atexit { try? FileManager.default.removeItem(atPath: "/tmp/posture-test-binary-\(getpid())") }
        return copy
    }()

    /// Runs posture with `arguments`; as `nobody` (with `groups` as its only supplementary
    /// groups, via setpriv) when `asNobody`, under `umask` when given.
    static func run(_ arguments: [String], asNobody: Bool = false, groups: [gid_t] = [], umask: String? = nil) throws -> Run {
        guard let binary = asNobody ? nobodyBinary : binary else {
            throw TestFailure("the posture executable is not built (swift build), or could not be copied where nobody can run it")
        }
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
