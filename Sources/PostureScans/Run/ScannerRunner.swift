import Foundation

/// Runs a vulnerability scanner found on `PATH` against local images, for `collect --scan`.
///
/// Looks for `trivy`, then `grype`, in the directories of `PATH`; runs
/// `trivy image --format json --quiet --image-src docker <image>` or
/// `grype docker:<image> -o json -q` with a time limit and `DOCKER_HOST` set to the engine that
/// holds the image (Podman's socket speaks the same API), reads the JSON from its standard
/// output and parses it like an imported report. For Trivy, whose JSON does not say how old its
/// database is, `trivy version --format json` supplies `VulnerabilityDB.UpdatedAt`. With neither
/// on `PATH` nothing runs and the result says so.
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
    /// Environment of the scanner processes (plus `DOCKER_HOST` per image).
    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, timeout: TimeInterval = 900) {
        self.searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        self.timeout = timeout
        self.environment = environment
    }

    /// Command line (after the executable) that scans `image` (an ID or reference of an image
    /// the engine in `DOCKER_HOST` holds) with `tool`, JSON on stdout.
    public static func arguments(for tool: Tool, image: String) -> [String] {
        switch tool {
        case .trivy: return ["image", "--format", "json", "--quiet", "--image-src", "docker", image]
        case .grype: return ["docker:" + image, "-o", "json", "-q"]
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

    /// Scans each image with `tool` (default: the first installed), each with the engine that
    /// holds it as `DOCKER_HOST`; at most `concurrency` scanners run at once, and `progress` is
    /// called with (done, total) after each image.
    public func scan(
        _ targets: [CollectScan.Target], with tool: Tool? = nil, concurrency: Int = 1,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) -> Outcome {
        guard let tool = tool ?? installed.first, let executable = locate(tool) else {
            return Outcome(tool: nil, note: notInstalledNote)
        }
        let dbUpdatedAt = tool == .trivy ? trivyDatabaseTime(executable) : nil
        let results = Results(count: targets.count)
        let slots = DispatchSemaphore(value: max(1, concurrency))
        let group = DispatchGroup()
        for (i, target) in targets.enumerated() {
            slots.wait()
            group.enter()
            DispatchQueue.global().async {
                defer {
                    slots.signal()
                    group.leave()
                }
                let outcome = self.scanOne(target, tool: tool, executable: executable, dbUpdatedAt: dbUpdatedAt)
                let done = results.store(outcome, at: i)
                progress?(done, targets.count)
            }
        }
        group.wait()
        var outcome = Outcome(tool: tool)
        for (target, result) in zip(targets, results.all) {
            switch result {
            case .success(let reports): outcome.reports += reports
            case .failure(let reason): outcome.failures.append((target.imageID, reason.message))
            case nil: outcome.failures.append((target.imageID, "not scanned"))
            }
        }
        return outcome
    }

    /// Scans images of the engine in this process's `DOCKER_HOST` (or the scanner's default).
    public func scan(images: [String], with tool: Tool? = nil) -> Outcome {
        scan(images.map { CollectScan.Target(engineID: nil, imageID: $0) }, with: tool)
    }

    struct ScanFailure: Error { let message: String }

    private func scanOne(_ target: CollectScan.Target, tool: Tool, executable: String, dbUpdatedAt: String?) -> Result<[ParsedReport], ScanFailure> {
        let arguments = Self.arguments(for: tool, image: target.imageID)
        let label = "\(tool.rawValue) \(arguments.joined(separator: " "))"
        var environment = self.environment
        if let engine = target.engineID { environment["DOCKER_HOST"] = engine }
        do {
            let output = try run(executable, arguments, environment: environment)
            guard output.status == 0 else {
                let detail = output.stderr.split(whereSeparator: \.isNewline).last.map(String.init) ?? "no message"
                return .failure(ScanFailure(message: "\(label) exited with status \(output.status): \(detail)"))
            }
            var reports = try ReportParser.parse(output.stdout, file: label)
            for i in reports.indices where reports[i].dbUpdatedAt == nil { reports[i].dbUpdatedAt = dbUpdatedAt }
            return .success(reports)
        } catch {
            return .failure(ScanFailure(message: error.localizedDescription))
        }
    }

    /// Per-target results filled in by the concurrent scans.
    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Result<[ParsedReport], ScanFailure>?]
        private var done = 0

        init(count: Int) { values = Array(repeating: nil, count: count) }

        /// Stores one result; returns how many are stored.
        func store(_ value: Result<[ParsedReport], ScanFailure>, at index: Int) -> Int {
            lock.lock()
            defer { lock.unlock() }
            values[index] = value
            done += 1
            return done
        }

        var all: [Result<[ParsedReport], ScanFailure>?] {
            lock.lock()
            defer { lock.unlock() }
            return values
        }
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
    func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessOutput {
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
        process.environment = environment ?? self.environment
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
