import Foundation

/// Runs a vulnerability scanner found on `PATH` against local images, for `collect --scan`.
///
/// Looks for `trivy`, then `grype`, in the directories of `PATH`; runs
/// `trivy image --format json --quiet <image>` or `grype <image> -o json` with a time limit,
/// reads the JSON from its standard output and parses it like an imported report. For Trivy,
/// whose JSON does not say how old its database is, `trivy version --format json` supplies
/// `VulnerabilityDB.UpdatedAt`. With neither on `PATH` nothing runs and the result says so.
public struct ScannerRunner: Sendable {
    public enum Tool: String, Sendable, CaseIterable {
        case trivy, grype
    }

    /// What a run produced: parsed reports, per-image failures, and a note when no scanner ran.
    public struct Outcome: Sendable {
        public var tool: Tool?
        public var reports: [ParsedReport] = []
        /// Image and why its scan failed.
        public var failures: [(image: String, reason: String)] = []
        /// Set when nothing could run (no scanner installed).
        public var note: String?
    }

    public let searchPath: String
    public let timeout: TimeInterval

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, timeout: TimeInterval = 900) {
        self.searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        self.timeout = timeout
    }

    /// Command line (after the executable) that scans `image` with `tool`, JSON on stdout.
    public static func arguments(for tool: Tool, image: String) -> [String] {
        switch tool {
        case .trivy: return ["image", "--format", "json", "--quiet", image]
        case .grype: return [image, "-o", "json"]
        }
    }

    /// Full path of `tool` in `PATH`, or `nil`.
    public func locate(_ tool: Tool) -> String? {
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(tool.rawValue)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Scanners on `PATH`, preferred first.
    public var installed: [Tool] { Tool.allCases.filter { locate($0) != nil } }

    /// Message for when no scanner is on `PATH`.
    public var notInstalledNote: String {
        "no scanner installed: neither trivy nor grype is on PATH (\(searchPath)); install one to scan images, "
            + "or import existing reports with `posture import FILE…`"
    }

    /// Scans each image with `tool` (default: the first installed) one after the other.
    public func scan(images: [String], with tool: Tool? = nil) -> Outcome {
        guard let tool = tool ?? installed.first, let executable = locate(tool) else {
            return Outcome(tool: nil, note: notInstalledNote)
        }
        var outcome = Outcome(tool: tool)
        let dbUpdatedAt = tool == .trivy ? trivyDatabaseTime(executable) : nil
        for image in images {
            let arguments = Self.arguments(for: tool, image: image)
            let label = "\(tool.rawValue) \(arguments.joined(separator: " "))"
            do {
                let output = try run(executable, arguments)
                guard output.status == 0 else {
                    let detail = output.stderr.split(whereSeparator: \.isNewline).last.map(String.init) ?? "no message"
                    outcome.failures.append((image, "\(label) exited with status \(output.status): \(detail)"))
                    continue
                }
                var reports = try ReportParser.parse(output.stdout, file: label)
                for i in reports.indices where reports[i].dbUpdatedAt == nil { reports[i].dbUpdatedAt = dbUpdatedAt }
                outcome.reports += reports
            } catch {
                outcome.failures.append((image, error.localizedDescription))
            }
        }
        return outcome
    }

    /// `VulnerabilityDB.UpdatedAt` from `trivy version --format json`, ISO-8601 UTC.
    func trivyDatabaseTime(_ executable: String) -> String? {
        guard let output = try? run(executable, ["version", "--format", "json"]), output.status == 0,
            let object = try? JSONSerialization.jsonObject(with: output.stdout) as? [String: Any],
            let db = object["VulnerabilityDB"] as? [String: Any]
        else { return nil }
        return Timestamp.utc(db["UpdatedAt"] as? String)
    }

    /// When the installed scanner's vulnerability database was built (Trivy: `trivy version
    /// --format json`, Grype: `grype db status -o json`), ISO-8601 UTC; `nil` when not installed
    /// or it does not say.
    public func databaseTime(of tool: Tool) -> String? {
        guard let executable = locate(tool) else { return nil }
        switch tool {
        case .trivy:
            return trivyDatabaseTime(executable)
        case .grype:
            guard let output = try? run(executable, ["db", "status", "-o", "json"]), output.status == 0,
                let object = try? JSONSerialization.jsonObject(with: output.stdout) as? [String: Any]
            else { return nil }
            return Timestamp.utc(object["built"] as? String)
        }
    }

    /// SQL (for a read-only connection) listing the image IDs in `images` that `tool` has not
    /// scanned, or scanned with a database older than `databaseBuiltAt`: what `collect --scan`
    /// should scan.
    public static func imagesToScanQuery(tool: Tool, databaseBuiltAt: String?) -> String {
        func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        var fresh = ""
        if let built = databaseBuiltAt {
            fresh = " AND s.db_updated_at IS NOT NULL AND s.db_updated_at >= \(literal(built))"
        }
        return """
            SELECT DISTINCT i.image_id FROM images i
            WHERE NOT EXISTS (
              SELECT 1 FROM scans s WHERE s.scanner = \(literal(tool.rawValue))
              AND s.match_kind = 'image_id' AND s.match_key = i.image_id\(fresh))
            ORDER BY i.image_id
            """
    }

    struct ProcessOutput {
        let status: Int32
        let stdout: Data
        let stderr: String
    }

    enum RunError: Error, LocalizedError {
        case timedOut(String, TimeInterval)
        case cannotStart(String, String)
        var errorDescription: String? {
            switch self {
            case .timedOut(let command, let seconds):
                return "\(command) did not finish within \(Int(seconds)) s and was stopped"
            case .cannotStart(let command, let reason):
                return "cannot run \(command): \(reason)"
            }
        }
    }

    /// Runs a program with output to temporary files (no pipe can fill up), stopping it after
    /// `timeout` seconds.
    func run(_ executable: String, _ arguments: [String]) throws -> ProcessOutput {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("posture-scan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let command = ([executable] + arguments).joined(separator: " ")
        do {
            try process.run()
        } catch {
            throw RunError.cannotStart(command, error.localizedDescription)
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                throw RunError.timedOut(command, timeout)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let stdout = (try? Data(contentsOf: outURL)) ?? Data()
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return ProcessOutput(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}
