import Foundation
import PostureStore
import Testing

extension RealEngineTests {
    /// Issue #6 on the real zoo: every deliberately bad container alarms on the right checks,
    /// and the hardened one alarms on none.
    @Test("the zoo's bad containers alarm on the right checks; zoo-hardened on none")
    func zooChecks() async throws {
        let h = try CollectHarness()
        let docker = try TestEngines.dockerEndpoint()
        try await h.collect([docker, try TestEngines.podmanEndpoint()], host: true, checks: true)
        func alarms(_ name: String) throws -> Set<String> {
            Set(try h.rows(
                "SELECT check_id FROM findings WHERE status = 'alarm' AND resource = '\(docker.id)/containers/\(name)'"))
        }
        let expected: [String: [String]] = [
            "zoo-caps": ["ctr-dangerous-caps", "ctr-runs-as-root"],
            "zoo-hostnet": ["ctr-host-network"],
            "zoo-secret-env": ["ctr-secrets-in-env"],
            "zoo-ports": ["net-port-all-interfaces"],
            "zoo-unlimited": ["res-memory", "res-pids", "res-cpu", "ctr-runs-as-root", "ctr-rootfs-writable", "ctr-no-new-privs"],
            "zoo-mounts": ["ctr-sensitive-host-mount"],
            "zoo-readonly": ["res-memory"],
        ]
        for (name, checks) in expected {
            let found = try alarms(name)
            for check in checks { #expect(found.contains(check), "\(name) should alarm on \(check); alarms: \(found.sorted())") }
        }
        let hardened = try alarms("zoo-hardened")
        #expect(hardened.isEmpty, "zoo-hardened alarms on \(hardened.sorted())")
        #expect(try h.value("SELECT count(*) FROM findings WHERE status = 'ok' AND resource = '\(docker.id)/containers/zoo-hardened'") != "0")
        #expect(try h.value("SELECT status FROM findings WHERE check_id = 'daemon-live-restore-off' AND resource = '\(docker.id)'") == "alarm")
        #expect(try h.value("SELECT count(*) FROM findings WHERE status = 'error'") == "0")
    }
}
