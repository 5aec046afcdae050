import Foundation
import PostureCollect
import PostureHost
import PostureStore
import Testing

extension RealEngineTests {
    /// Issue #3 on the real engines: what the kernel enforces, who the daemon runs as, who is
    /// root through its socket — collected in one snapshot with the API facts.
    @Suite("host truth", .serialized)
    struct HostTruth {
        static func collect() async throws -> CollectHarness {
            let h = try CollectHarness()
            let endpoints = [try TestEngines.dockerEndpoint(), try TestEngines.podmanEndpoint()]
            let (_, collections) = try await h.collect(endpoints, host: true)
            #expect(collections.allSatisfy { $0.reachable })
            return h
        }

        @Test("enforced cgroup limits equal what was asked, unlimited is NULL, Podman too")
        func cgroupLimits() async throws {
            let h = try await Self.collect()
            func limits(_ name: String) throws -> String? {
                try h.value(
                    "SELECT g.memory_max, g.cpu_quota, g.cpu_period, g.pids_max FROM cgroup_limits g JOIN containers c USING (engine_id, container_id) WHERE c.name = '\(name)'")
            }
            #expect(try limits("zoo-limited") == "536870912|150000|100000|100")
            #expect(try limits("zoo-unlimited") == "NULL|NULL|100000|NULL")
            #expect(try limits("zoo-podman-limited")?.hasPrefix("268435456|NULL|100000|50") == true)
            #expect(try h.value("SELECT count(*) FROM cgroup_limits WHERE cgroup_version = '1' AND cgroup_path LIKE '%docker%'") != "0")
            #expect(try h.value("SELECT count(*) > 0 FROM container_usage WHERE memory_current > 0") == "1")
        }

        @Test("configured but not enforced is one join away (none here: every limit is enforced)")
        func configuredVersusEnforced() async throws {
            let h = try await Self.collect()
            let unenforced = try h.rows(
                """
                SELECT c.name FROM containers c JOIN cgroup_limits g USING (engine_id, container_id)
                WHERE c.memory_limit IS NOT NULL AND (g.memory_max IS NULL OR g.memory_max > c.memory_limit)
                """)
            #expect(unenforced.isEmpty)
            #expect(try h.value("SELECT count(*) FROM containers c JOIN cgroup_limits g USING (engine_id, container_id) WHERE c.memory_limit IS NOT NULL AND c.name LIKE 'zoo-%'") == "3")
        }

        @Test("enforced process security: cap-drop ALL, no-new-privileges, seccomp filter, uid")
        func processes() async throws {
            let h = try await Self.collect()
            #expect(
                try h.value(
                    "SELECT p.cap_eff, p.cap_eff_count, p.no_new_privs, p.seccomp_mode, p.uid FROM container_processes p JOIN containers c USING (engine_id, container_id) WHERE c.name = 'zoo-hardened'")
                    == "0000000000000000|0|1|2|65534")
            #expect(
                try h.value(
                    "SELECT p.no_new_privs, p.uid, p.cap_eff_count > 14 FROM container_processes p JOIN containers c USING (engine_id, container_id) WHERE c.name = 'zoo-caps'")
                    == "0|0|1")
        }

        @Test("the daemons run as root; the socket group's member is a root equivalent")
        func daemonAndAccess() async throws {
            let h = try await Self.collect()
            let docker = try TestEngines.dockerEndpoint().id
            #expect(try h.value("SELECT uid, euid, user, pid > 0 FROM daemons WHERE engine_id = '\(docker)'") == "0|0|root|1")
            #expect(try h.value("SELECT source FROM daemon_config WHERE engine_id = '\(docker)' AND key = 'group'") == "flag")
            #expect(try h.value("SELECT value, source FROM daemon_config WHERE engine_id = '\(docker)' AND key = 'live-restore'") == "false|default")
            let user = TestEngines.environment["POSTURE_TEST_SOCKET_USER"] ?? "posture-socket-user"
            #expect(
                try h.value("SELECT via, root_equivalent, mode FROM host_access WHERE engine_id = '\(docker)' AND principal = '\(user)'")
                    == "group|1|0660")
            let podman = try TestEngines.podmanEndpoint().id
            #expect(try h.value("SELECT kind, uid FROM daemons WHERE engine_id = '\(podman)'") == "podman|0")
        }
    }
}
