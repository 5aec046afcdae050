import Foundation
import GRDB
import PostureChecks
import PostureStore
import Testing

/// Every scenario under Fixtures/checks is collected into a fresh database with the checks
/// evaluated in the collect transaction; the stored findings must equal the scenario's
/// `expected` file (`check_id resource status` per line). Set POSTURE_UPDATE_EXPECTED=1 to
/// rewrite the expected files, then review the diff; set POSTURE_KEEP_DB=<folder> to keep
/// each scenario's database there (<scenario>.db) for sqlite3.
@Suite struct ScenarioTests {
    @Test(arguments: Scenario.all)
    func findingsMatchExpected(_ name: String) throws {
        let scenario = try Scenario.load(name)
        let db = try TestDatabase()
        try db.collect(scenario, runner: CheckRunner(catalog: catalog))
        let actual = try db.findingLines()
        if let keep = ProcessInfo.processInfo.environment["POSTURE_KEEP_DB"] {
            let copy = URL(fileURLWithPath: keep).appendingPathComponent("\(name).db")
            try? FileManager.default.removeItem(at: copy)
            try DatabaseQueue(path: db.path).backup(to: DatabaseQueue(path: copy.path))
        }

        if ProcessInfo.processInfo.environment["POSTURE_UPDATE_EXPECTED"] == "1" {
            let header = "# check_id resource status — written by POSTURE_UPDATE_EXPECTED=1 swift test; review before committing\n"
            try (header + actual.joined(separator: "\n") + "\n").write(to: scenario.expectedURL, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: scenario.expectedURL, encoding: .utf8)
            .split(separator: "\n").map(String.init)
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        let missing = Set(expected).subtracting(actual).sorted()
        let unexpected = Set(actual).subtracting(expected).sorted()
        #expect(missing.isEmpty && unexpected.isEmpty,
                "\(name): expected but not found:\n\(missing.joined(separator: "\n"))\nfound but not expected:\n\(unexpected.joined(separator: "\n"))")
        #expect(!actual.contains { $0.hasSuffix(" error") }, "\(name): a check failed")
    }

    @Test func badZooAlarmsForEveryContainerCheck() throws {
        let db = try TestDatabase()
        try db.collect(try Scenario.load("bad-zoo"), runner: CheckRunner(catalog: catalog))
        let findings = try db.findings()
        for check in catalog.checks(in: .container) {
            #expect(findings.contains { $0.key.hasPrefix(check.id + " ") && $0.value.status == "alarm" },
                    "\(check.id) never alarms in bad-zoo")
        }
    }

    @Test func hardenedRaisesNoAlarm() throws {
        let db = try TestDatabase()
        try db.collect(try Scenario.load("hardened"), runner: CheckRunner(catalog: catalog))
        let alarms = try db.findings().filter { $0.value.status == "alarm" || $0.value.status == "error" }
        #expect(alarms.isEmpty, "hardened alarms: \(alarms.map { "\($0.key): \($0.value.reason)" }.sorted())")
    }
}
