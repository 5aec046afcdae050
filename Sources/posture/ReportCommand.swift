import ArgumentParser
import Foundation
import PostureChecks
import PostureReport
import PostureStore

extension ReportFormat: ExpressibleByArgument {}

/// `posture report`: the stored findings of a snapshot, or `--diff` between two snapshots.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report the stored check results of a snapshot, or what changed between two snapshots.",
        discussion: """
            Reads the findings `collect` stored for the snapshot; checks are never re-run, so an old \
            report is reproduced exactly. Summary first (score, counts by severity and section, \
            "N of M resources alarm" per check), then engine availability over the snapshots up to \
            it, then every alarm with its resources, reasons and remediation.

            Score: 100 × weighted ok / weighted (ok + alarm) results, weights critical 8, high 4, \
            medium 2, low 1, info 0 (skip, info and error results count neither way).

            --diff [A] [B] compares two snapshots (default: the two latest complete ones; with one \
            snapshot, it and the latest complete one): rows added, removed and changed per table \
            with old → new values, keyed on stable names (containers by engine and name, images by \
            ID, networks and volumes by name), alarms new and resolved, vulnerabilities introduced \
            and fixed. Where a collector failed in A or B, its removals and changes are not \
            reported and a note says so. SARIF and JUnit hold the new alarms only.

            Snapshots: an id, latest, a date (2026-11-01, the last snapshot that day) or an age (-7d).
            Exit status: 0; 3 when alarms (for --diff: new alarms) at or above --fail-on exist; \
            1 error; 64 usage error.

            Examples:
              posture report
              posture report --snapshot -7d --format markdown --section container
              posture report --format html --output posture.html
              posture report --format sarif --fail-on high > posture.sarif
              posture report --diff                      # previous complete snapshot vs latest
              posture report --diff 2026-11-01 latest --format json
              posture report --diff -7d --fail-on critical --format junit --output drift.xml
            """)

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Compare two snapshots instead of reporting one.")
    var diff = false

    // allUnrecognized: ages such as -7d look like options and must still reach us as snapshots.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("With --diff: the older snapshot A and the newer B.", valueName: "snapshot"))
    var sides: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("Report as of this snapshot: an id, latest, a date or an age (-7d).", valueName: "snapshot"))
    var snapshot: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Start the availability window at this snapshot (default: the first).", valueName: "snapshot"))
    var since: String?

    @Option(help: "Output format: text, markdown, json, csv, html, sarif, junit.")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Only checks of this section (\(Section.allCases.map(\.rawValue).joined(separator: ", "))).", valueName: "section"))
    var section: String?

    @Option(help: ArgumentHelp("Only results of this severity or worse (critical, high, medium, low, info).", valueName: "severity"))
    var severity: String?

    @Option(help: ArgumentHelp("Exit 3 when alarms (with --diff: new alarms) of this severity or worse exist.", valueName: "severity"))
    var failOn: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file instead of stdout.", valueName: "file"))
    var output: String?

    func validate() throws {
        if let option = sides.first(where: { $0.hasPrefix("--") || ($0.hasPrefix("-") && Int($0.dropFirst(1).dropLast(1)) == nil) }) {
            throw ValidationError("unknown option \(option)")
        }
        if !diff && !sides.isEmpty {
            throw ValidationError("snapshots given as arguments need --diff (for one snapshot use --snapshot \(sides[0]))")
        }
        if diff && sides.count > 2 { throw ValidationError("--diff takes at most two snapshots, A and B") }
        if diff && snapshot != nil { throw ValidationError("--snapshot does not apply to --diff; give the snapshots after --diff") }
        if diff && since != nil { throw ValidationError("--since does not apply to --diff; its window is A..B") }
        if let section, Section(rawValue: section) == nil {
            throw ValidationError("unknown section \(section) (one of \(Section.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        for (flag, value) in [("--severity", severity), ("--fail-on", failOn)] {
            if let value, Severity(rawValue: value) == nil {
                throw ValidationError("\(flag) \(value) is not a severity (critical, high, medium, low, info)")
            }
        }
    }

    func run() throws {
        // The catalogue is parsed while the database is opened and read; never fails.
        let catalog = Background { () -> CheckCatalog in
            do {
                return try CheckCatalog.load()
            } catch {
                printError("warning: cannot load this build's checks (\(error.localizedDescription)); remediation is not shown")
                return CheckCatalog(checks: [])
            }
        }
        let db = try ReadOnlyDatabase(path: database.path)
        let filters = ReportFilters(section: section, minimumSeverity: severity.flatMap(Severity.init(rawValue:)))
        let options = RenderOptions(color: useColor, toolVersion: Posture.version)
        let threshold = failOn.flatMap(Severity.init(rawValue:))
        let bytes: [UInt8]
        let failing: Int
        let status: Int32
        if diff {
            let loader = DiffLoader(db: db, catalog: catalog)
            let (a, b) = try loader.resolveSides(sides)
            let result = try loader.load(from: a, to: b, filters: filters, withTimeline: format == .html)
            bytes = format.renderedBytes(result, options: options)
            Self.keptUntilExit.append(result)
            failing = threshold.map { result.newAlarms(atOrAbove: $0) } ?? 0
            status = ExitStatus.forDiff(result, failOn: threshold)
        } else {
            let id = try SnapshotSelector.resolve(snapshot ?? "latest", in: db)
            let start = try since.map { try SnapshotSelector.resolve($0, in: db) }
            let result = try ReportLoader(db: db, catalog: try catalog.value())
                .load(snapshot: id, filters: filters, since: start, withTimeline: format == .html)
            bytes = format.renderedBytes(result, options: options)
            Self.keptUntilExit.append(result)
            failing = threshold.map { result.alarms(atOrAbove: $0) } ?? 0
            status = ExitStatus.forReport(result, failOn: threshold)
        }
        try write(bytes)
        if let threshold, status != 0 {
            printError("\(failing) \(diff ? "new " : "")alarm\(failing == 1 ? "" : "s") at or above \(threshold.rawValue) (--fail-on)")
            throw ExitCode(status)
        }
    }

    /// Colours only for the text format on a terminal, and never when NO_COLOR is set.
    private var useColor: Bool {
        format == .text && output == nil && isatty(STDOUT_FILENO) == 1
            && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }

    /// The loaded report or diff, left for the process's exit to reclaim: freeing a distant
    /// diff's tens of thousands of rows and deltas one object at a time took 40-60 ms after the
    /// answer was already written (a command runs once per process).
    nonisolated(unsafe) private static var keptUntilExit: [Any] = []

    private func write(_ bytes: [UInt8]) throws {
        guard let output else {
            StandardOutput.write(bytes)
            return
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw ReportError.cannotWrite(path: output, reason: error.localizedDescription)
        }
    }
}
