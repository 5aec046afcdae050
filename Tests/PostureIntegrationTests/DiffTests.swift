import Foundation
import PostureChecks
import PostureReport
import PostureStore
import Testing

extension RealEngineTests {
    /// Issue #6 on the real engine: change one container's memory limit, remove one, create a
    /// privileged one and start one with SYS_ADMIN; the diff reports exactly those changes and
    /// the new findings. (A --privileged container can be created but not started here.)
    @Test("report --diff on the real engine: field-level change, removal, additions, new findings")
    func diffOnRealEngine() async throws {
        let tag = String(UUID().uuidString.prefix(8)).lowercased()
        let (a, b, priv, admin) = ("diff-a-\(tag)", "diff-b-\(tag)", "diff-priv-\(tag)", "diff-admin-\(tag)")
        defer { _ = try? TestEngines.dockerCLI("rm", "-f", a, b, priv, admin) }
        for name in [a, b] {
            try TestEngines.dockerCLI("run", "-d", "--name", name, "--memory", "64m", "--user", "1000", "posture-test/busybox:1", "sleep", "86400")
        }
        let h = try CollectHarness()
        let endpoint = try TestEngines.dockerEndpoint()
        let (first, _) = try await h.collect([endpoint], checks: true)

        try TestEngines.dockerCLI("update", "--memory", "96m", "--memory-swap", "192m", a)
        try TestEngines.dockerCLI("rm", "-f", b)
        try TestEngines.dockerCLI("create", "--name", priv, "--privileged", "posture-test/busybox:1", "sleep", "86400")
        try TestEngines.dockerCLI("run", "-d", "--name", admin, "--cap-add", "SYS_ADMIN", "--user", "1000", "posture-test/busybox:1", "sleep", "86400")
        let (second, _) = try await h.collect([endpoint], checks: true)

        let db = try ReadOnlyDatabase(path: h.path)
        let diff = try DiffLoader(db: db, catalog: try CheckCatalog.load()).load(from: first.snapshotID, to: second.snapshotID)
        let containers = try #require(diff.tables.first { $0.table == "containers" })
        func names(_ rows: [RowDelta]) -> [String] {
            rows.compactMap { row in row.key.first { $0.column == "name" }?.value }.sorted()
        }
        #expect(names(containers.added) == [admin, priv].sorted())
        #expect(names(containers.removed) == [b])
        #expect(names(containers.changed) == [a])
        let memory = containers.changed.first?.changes.first { $0.field == "memory_limit" }
        #expect(memory?.old == .int(67_108_864))
        #expect(memory?.new == .int(100_663_296))

        let resourceOf = { (name: String) in endpoint.id + "/containers/" + name }
        let newAlarms = diff.findings.new.filter { $0.newStatus == "alarm" }
        #expect(newAlarms.contains { $0.checkID == "ctr-dangerous-caps" && $0.resource == resourceOf(admin) })
        #expect(!newAlarms.contains { $0.resource == resourceOf(a) })
        #expect(diff.findings.resolved.contains { $0.resource == resourceOf(b) })
        #expect(diff.newAlarms(atOrAbove: .high) >= 1)
        let untouched = diff.tables.first { $0.table == "networks" }
        #expect(untouched == nil || (untouched!.added.isEmpty && untouched!.removed.isEmpty && untouched!.changed.isEmpty))
    }
}
