import Foundation
import PostureStore
import Testing

@testable import PostureReport

/// ``VersionWindow`` reads each side of a diff either over the window between A and B or through
/// the state at A or B; every strategy must give the same rows in the same order, for adjacent
/// and for distant snapshots, and the findings focus must keep exactly the keys that matter.
@Suite("report --diff: version window strategies")
struct VersionWindowTests {
    @Test("window, states, cheapest and counted give the same rows, in the same order, for every pair of 24 snapshots")
    func strategiesAgree() throws {
        let fixture = try Self.churningHistory()
        let db = try fixture.reader()
        var compared = 0
        for (storage, columns) in [("containers_versions", nil), ("findings_versions", FindingsDiffer.columns)] {
            for a in Int64(1)...23 {
                for b in (a + 1)...24 {
                    let window = try VersionWindow.load(storage, columns: columns, in: db, a: a, b: b, strategy: .window)
                    for strategy in [VersionWindow.Strategy.states, .cheapest, .counted] {
                        let other = try VersionWindow.load(storage, columns: columns, in: db, a: a, b: b, strategy: strategy)
                        for (w, s) in [(window.atA, other.atA), (window.atB, other.atB)] {
                            #expect(w.count == s.count, "\(storage) \(a)->\(b) \(strategy)")
                            for (x, y) in zip(w, s) {
                                for column in ["row_id", "check_id", "resource", "status", "reason", "container_id", "memory_limit"] {
                                    #expect(x[column] == y[column], "\(storage) \(a)->\(b) \(strategy) \(column)")
                                }
                            }
                        }
                    }
                    compared += window.atA.count + window.atB.count
                }
            }
        }
        #expect(compared > 500)
    }

    /// 24 snapshots of 12 or so containers with a fixed pattern of churn: a limit changes, a
    /// container goes, another comes; a memory finding follows each container, alarming or not.
    static func churningHistory() throws -> ReportFixture {
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
        return fixture
    }

    @Test("findings focused on alarm keys in SQL give the rows the whole window gives, filtered as the differ filters them")
    func focusAgrees() throws {
        let fixture = try Self.churningHistory()
        let db = try fixture.reader()
        let storage = "findings_versions"
        func key(_ row: NamedRow) -> String { row["check_id"].display + "/" + row["resource"].display }
        var kept = 0
        var dropped = 0
        for a in Int64(1)...23 {
            for b in (a + 1)...24 {
                let all = try VersionWindow.load(storage, columns: FindingsDiffer.columns, in: db, a: a, b: b, strategy: .window)
                let alarms = Set((all.atA + all.atB).filter { $0["status"].text == "alarm" }.map(key))
                let expected = (all.atA.filter { alarms.contains(key($0)) }, all.atB.filter { alarms.contains(key($0)) })
                dropped += all.atA.count + all.atB.count - expected.0.count - expected.1.count
                for strategy in [VersionWindow.Strategy.window, .states, .cheapest, .counted] {
                    let focused = try VersionWindow.load(
                        storage, columns: FindingsDiffer.columns, in: db, a: a, b: b, strategy: strategy, focus: FindingsDiffer.focus)
                    for (found, wanted) in [(focused.atA, expected.0), (focused.atB, expected.1)] {
                        #expect(found.map(key) == wanted.map(key), "\(a)->\(b) \(strategy)")
                        #expect(found.map { $0["status"] } == wanted.map { $0["status"] }, "\(a)->\(b) \(strategy)")
                        #expect(found.map { $0["reason"] } == wanted.map { $0["reason"] }, "\(a)->\(b) \(strategy)")
                    }
                    kept += focused.atA.count + focused.atB.count
                }
                // And the differ finds the same deltas either way.
                let differ = FindingsDiffer(catalog: fixture.catalog, filters: .none)
                let whole = differ.diff(atA: all.atA, atB: all.atB)
                let focused = try VersionWindow.load(
                    storage, columns: FindingsDiffer.columns, in: db, a: a, b: b, focus: FindingsDiffer.focus)
                let part = differ.diff(atA: focused.atA, atB: focused.atB)
                for (x, y) in [(whole.new, part.new), (whole.resolved, part.resolved), (whole.changed, part.changed)] {
                    #expect(x.map { $0.resource + ($0.newReason ?? "-") + ($0.oldReason ?? "-") }
                        == y.map { $0.resource + ($0.newReason ?? "-") + ($0.oldReason ?? "-") }, "\(a)->\(b)")
                }
            }
        }
        // The history has both kinds: keys the focus keeps and keys it drops.
        #expect(kept > 300)
        #expect(dropped > 100)
    }
}
