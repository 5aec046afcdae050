import Foundation
import PostureChecks
import Testing

/// Writes a month of demo history to `$POSTURE_DEMO_DB` for `scripts/screenshot-report`:
/// containers come and go, a privileged container appears and is fixed, memory limits drift,
/// the engine is unreachable for a few snapshots. Does nothing unless the variable is set.
@Suite("demo database for the screenshot script")
struct DemoDatabase {
    @Test("write the demo history", .enabled(if: ProcessInfo.processInfo.environment["POSTURE_DEMO_DB"] != nil))
    func write() throws {
        let path = ProcessInfo.processInfo.environment["POSTURE_DEMO_DB"]!
        try? FileManager.default.removeItem(atPath: path)
        let fixture = try ReportFixture(path: path, catalog: try CheckCatalog.load())
        typealias C = ReportFixture.Container
        var previous: [ReportFixture.Result] = []
        for day in 1...30 {
            let takenAt = String(format: "2026-11-%02dT06:00:00Z", day)
            if [8, 9, 21].contains(day) {
                // collect still evaluates the checks, over the facts kept from the last collect
                try fixture.snapshot(at: takenAt, containers: [], findings: previous.filter { $0.check != "daemon-unreachable" } + [
                        .init(check: "daemon-unreachable", resource: ReportFixture.engine, status: "alarm",
                              reason: "engine did not answer: connection refused")
                    ], engineStatus: .failed)
                continue
            }
            var containers = [C("web", memory: day < 15 ? 536_870_912 : 1_073_741_824), C("db"), C("cache", memory: 268_435_456)]
            if day >= 5 { containers.append(C("worker", memory: day >= 24 ? 268_435_456 : nil)) }
            if (12..<20).contains(day) { containers.append(C("debug-shell", privileged: true)) }
            if day < 26 { containers.append(C("legacy-api")) }
            var findings: [ReportFixture.Result] = []
            for c in containers {
                let r = ReportFixture.resource(c.name)
                findings.append(.init(check: "ctr-privileged", resource: r, status: c.privileged ? "alarm" : "ok",
                                      reason: c.privileged ? "runs privileged: all capabilities, all host devices" : "not privileged"))
                findings.append(.init(check: "res-memory", resource: r, status: c.memory == nil ? "alarm" : "ok",
                                      reason: c.memory == nil ? "no memory limit: can exhaust host memory" : "memory limited"))
                findings.append(.init(check: "ctr-healthcheck", resource: r, status: c.name == "web" ? "ok" : "alarm",
                                      reason: c.name == "web" ? "healthcheck configured" : "no healthcheck"))
            }
            findings.append(.init(check: "daemon-unreachable", resource: ReportFixture.engine, status: "ok", reason: "engine answered"))
            findings.append(.init(check: "daemon-live-restore-off", resource: ReportFixture.engine, status: "alarm",
                                  reason: "live-restore is off: a daemon restart stops every container"))
            try fixture.snapshot(at: takenAt, containers: containers, findings: findings)
            previous = findings
        }
    }
}
