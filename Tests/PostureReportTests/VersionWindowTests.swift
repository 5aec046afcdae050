import Foundation
import PostureStore
import Testing

@testable import PostureReport

/// ``VersionWindow`` reads the versions a diff needs either over the window between A and B or
/// as the states at A and B minus what they share; both must give the same rows in the same
/// order, for adjacent and for distant snapshots.
@Suite("report --diff: version window strategies")
struct VersionWindowTests {
    @Test("window and states give the same rows, in the same order, for every pair of 24 snapshots")
    func strategiesAgree() throws {
        let fixture = try ReportFixture()
        var containers = (0..<12).map { ReportFixture.Container("c\($0)", memory: 1 << 20) }
        var next = 12
        for step in 0..<24 {
            // Churn (a fixed pattern): change a limit, remove one container, add one; findings follow.
            let i = (step * 7 + 3) % containers.count
            containers[i] = ReportFixture.Container(containers[i].name, memory: Int64(step * 5 % 4 + 1) << 20)
            if step % 3 == 1 { containers.remove(at: (step * 11) % containers.count) }
            if step % 4 == 2 {
                containers.append(ReportFixture.Container("c\(next)", privileged: true))
                next += 1
            }
            let findings = containers.map { c in
                ReportFixture.Result(
                    check: "res-memory", resource: ReportFixture.resource(c.name),
                    status: (c.memory ?? 0) > 2 << 20 ? "ok" : "alarm", reason: "limit \(c.memory ?? 0)")
            }
            try fixture.snapshot(at: "2026-11-29T10:\(10 + step):00Z", containers: containers, findings: findings)
        }
        let db = try fixture.reader()
        var compared = 0
        for (storage, columns) in [("containers_versions", nil), ("findings_versions", FindingsDiffer.columns)] {
            for a in Int64(1)...23 {
                for b in (a + 1)...24 {
                    let window = try VersionWindow.load(storage, columns: columns, in: db, a: a, b: b, strategy: .window)
                    let states = try VersionWindow.load(storage, columns: columns, in: db, a: a, b: b, strategy: .states)
                    for (w, s) in [(window.atA, states.atA), (window.atB, states.atB)] {
                        #expect(w.count == s.count, "\(storage) \(a)->\(b)")
                        for (x, y) in zip(w, s) {
                            for column in ["check_id", "resource", "status", "reason", "container_id", "memory_limit"] {
                                #expect(x[column] == y[column], "\(storage) \(a)->\(b) \(column)")
                            }
                        }
                    }
                    compared += window.atA.count + window.atB.count
                }
            }
        }
        #expect(compared > 500)
    }
}
