import Foundation
import PostureChecks
import PostureStore
import Testing

/// Catalogue-wide rules: every check runs cleanly on an empty database and on every scenario,
/// can both alarm and pass somewhere, and the embedded copy matches queries/ on disk.
@Suite struct LintTests {
    @Test func everyCheckRunsOnAnEmptyDatabase() throws {
        let db = try TestDatabase()
        let outcomes = try db.database.read { CheckRunner(catalog: catalog).evaluate(in: $0) }
        for outcome in outcomes {
            #expect(outcome.error == nil, "\(outcome.check.id): \(outcome.error ?? "")")
            #expect(outcome.findings.isEmpty, "\(outcome.check.id) invents rows on an empty database")
        }
    }

    @Test func everyCheckAlarmsAndPassesSomewhere() throws {
        var statuses: [String: Set<CheckStatus>] = [:]
        for name in Scenario.all {
            let db = try TestDatabase()
            try db.collect(try Scenario.load(name), runner: CheckRunner(catalog: catalog))
            let outcomes = try db.database.read { CheckRunner(catalog: catalog).evaluate(in: $0) }
            for outcome in outcomes {
                #expect(outcome.error == nil, "\(name): \(outcome.check.id): \(outcome.error ?? "")")
                statuses[outcome.check.id, default: []].formUnion(outcome.findings.map(\.status))
            }
        }
        for check in catalog.checks {
            #expect(statuses[check.id]?.contains(.alarm) == true, "\(check.id) never alarms in any scenario")
            #expect(statuses[check.id]?.contains(.ok) == true, "\(check.id) never passes in any scenario")
        }
    }

    @Test func embeddedQueriesAreUpToDate() throws {
        let folder = repositoryRoot.appendingPathComponent("queries")
        var onDisk: [String: String] = [:]
        let enumerator = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil))
        for case let url as URL in enumerator where url.pathExtension == "sql" {
            let relative = String(url.path.dropFirst(folder.path.count + 1))
            var text = try String(contentsOf: url, encoding: .utf8)
            while text.hasSuffix("\n") { text.removeLast() }
            onDisk[relative] = text
        }
        var embedded: [String: String] = [:]
        for file in EmbeddedQueries.files { embedded[file.path] = file.sql }
        #expect(onDisk.keys.sorted() == embedded.keys.sorted(), "run scripts/embed-resources")
        for (path, text) in onDisk where embedded[path] != text {
            Issue.record("queries/\(path) changed since it was embedded: run scripts/embed-resources")
        }
    }

    /// Published benchmarks ship copy-paste reasons; within one check, a passing and a failing
    /// row never give the same reason.
    @Test func okAndAlarmReasonsDiffer() throws {
        for name in Scenario.all {
            let db = try TestDatabase()
            try db.collect(try Scenario.load(name), runner: CheckRunner(catalog: catalog))
            let outcomes = try db.database.read { CheckRunner(catalog: catalog).evaluate(in: $0) }
            for outcome in outcomes {
                let alarmReasons = Set(outcome.findings.filter { $0.status == .alarm }.map(\.reason))
                let okReasons = Set(outcome.findings.filter { $0.status == .ok }.map(\.reason))
                #expect(alarmReasons.isDisjoint(with: okReasons), "\(outcome.check.id) gives the same reason for ok and alarm")
            }
        }
    }

    /// The checks must run unchanged in the sqlite3 shell (skipped where it is not installed).
    @Test func everyCheckRunsInTheSQLiteShell() throws {
        let shell = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/opt/homebrew/bin/sqlite3"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let shell else { return }
        let db = try TestDatabase()
        try db.collect(try Scenario.load("bad-zoo"), runner: CheckRunner(catalog: catalog))
        let viaRunner = try db.database.read { CheckRunner(catalog: catalog).evaluate(in: $0) }
        for (check, outcome) in zip(catalog.checks, viaRunner) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: shell)
            process.arguments = ["-readonly", "-bail", "-separator", "\u{1F}", db.path]
            let input = Pipe(), output = Pipe(), errors = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            input.fileHandleForWriting.write(Data(check.sql.utf8))
            try input.fileHandleForWriting.close()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            let problems = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0 && problems.isEmpty, "\(check.id) in sqlite3: \(problems)")
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
            let statuses = lines.map { $0.split(separator: "\u{1F}", omittingEmptySubsequences: false)[1] }
            #expect(statuses.map(String.init) == outcome.findings.map(\.status.rawValue), "\(check.id) differs in sqlite3")
        }
    }
}
