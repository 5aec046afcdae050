import Foundation
import PostureCollect
import PostureFacts
import PostureStore
import Testing

/// Real-engine tests over the zoo that scripts/test-engines creates. One serialized suite:
/// some tests create and remove containers, and others must not see that happen mid-collect.
@Suite("real engines", .serialized, .enabled(if: TestEngines.enabled))
struct RealEngineTests {
    @Suite("the zoo, field by field", .serialized)
    struct Zoo {
        /// `name|column` → value for every zoo container, from one collect of both engines.
        static func collectZoo() async throws -> CollectHarness {
            let harness = try CollectHarness()
            var endpoints = [try TestEngines.dockerEndpoint()]
            if TestEngines.podman != nil || TestEngines.required { endpoints.append(try TestEngines.podmanEndpoint()) }
            let (summary, _) = try await harness.collect(endpoints)
            #expect(summary.status == "complete")
            return harness
        }

        func container(_ h: CollectHarness, _ name: String, _ columns: String) throws -> String? {
            try h.value("SELECT \(columns) FROM containers WHERE name = '\(name)'")
        }

        @Test("limits, users, read-only rootfs, privileged, state")
        func containerColumns() async throws {
            let h = try await Self.collectZoo()
            let limits = "memory_limit, nano_cpus, pids_limit, running"
            #expect(try container(h, "zoo-limited", limits) == "536870912|1500000000|100|1")
            #expect(try container(h, "zoo-unlimited", limits) == "NULL|NULL|NULL|1")
            #expect(try container(h, "zoo-readonly", "readonly_rootfs, user") == "1|1000:1000")
            #expect(
                try container(h, "zoo-hardened", "no_new_privileges, user, readonly_rootfs, memory_limit, pids_limit, nano_cpus, restart_policy, restart_max_retries")
                    == "1|65534|1|67108864|50|500000000|on-failure|3")
            #expect(try container(h, "zoo-hostnet", "network_mode") == "host")
            #expect(try container(h, "zoo-stopped", "state, running, pid") == "exited|0|NULL")
            #expect(try container(h, "zoo-privileged", "state, running, privileged") == "created|0|1")
            #expect(try container(h, "zoo-unlimited", "privileged, readonly_rootfs, user, pid IS NOT NULL, started_at IS NOT NULL") == "0|0||1|1")
            #expect(try container(h, "zoo-limited", "image, image_id LIKE 'sha256:%'") == "posture-test/busybox:1|1")
        }

        @Test("capabilities, ports, networks, mounts")
        func childTables() async throws {
            let h = try await Self.collectZoo()
            func of(_ table: String, _ name: String, _ columns: String, order: String) throws -> [String] {
                try h.rows(
                    "SELECT \(columns) FROM \(table) t JOIN containers c USING (engine_id, container_id) WHERE c.name = '\(name)' ORDER BY \(order)")
            }
            #expect(try of("container_capabilities", "zoo-caps", "capability, action", order: "capability") == ["NET_ADMIN|add", "SYS_PTRACE|add"])
            #expect(try of("container_capabilities", "zoo-hardened", "capability, action", order: "capability") == ["ALL|drop"])
            #expect(
                try of("container_ports", "zoo-ports", "container_port, protocol, host_ip, host_port, wildcard", order: "container_port")
                    == ["80|tcp||8080|1", "443|tcp|127.0.0.1|8443|0"])
            #expect(try of("container_networks", "zoo-internal-member", "network_name, network_id IS NOT NULL, ip_address IS NOT NULL", order: "network_name") == ["zoo-internal|1|1"])
            #expect(try h.value("SELECT internal, driver FROM networks WHERE name = 'zoo-internal'") == "1|bridge")
            #expect(try h.value("SELECT icc, internal FROM networks WHERE name = 'bridge' AND engine_id LIKE '%docker.sock'") == "1|0")
            #expect(
                try of("container_mounts", "zoo-mounts", "type, source, destination, rw, coalesce(volume_name, '-')", order: "destination")
                    == ["volume|\(try h.value("SELECT mountpoint FROM volumes WHERE name = 'zoo-data'") ?? "?")|/data|1|zoo-data", "bind|/etc|/host-etc|0|-"])
        }

        @Test("secrets: keys kept, values only as keyed hashes, nowhere in the file in clear")
        func secrets() async throws {
            let h = try await Self.collectZoo()
            let env = try h.rows(
                "SELECT key, secret_like, value_hash LIKE 'hmac-sha256:%' FROM container_env e JOIN containers c USING (engine_id, container_id) WHERE c.name = 'zoo-secret-env' AND key IN ('DB_PASSWORD', 'PLAIN_SETTING') ORDER BY key")
            #expect(env == ["DB_PASSWORD|1|1", "PLAIN_SETTING|0|1"])
            let labels = try h.rows(
                "SELECT key, coalesce(value, 'NULL') FROM container_labels l JOIN containers c USING (engine_id, container_id) WHERE c.name = 'zoo-secret-env' AND key LIKE 'com.example.%' ORDER BY key")
            #expect(labels == ["com.example.api-token|NULL", "com.example.team|blue"])
            for suffix in ["", "-wal"] {
                guard let bytes = FileManager.default.contents(atPath: h.path + suffix) else { continue }
                for secret in ["hunter2-posture-secret", "tok-posture-secret", "visible-value"] {
                    #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) found in the database\(suffix)")
                }
            }
        }

        @Test("engines: kind, API version, reachability, cgroup facts; images")
        func engines() async throws {
            let h = try await Self.collectZoo()
            let docker = try TestEngines.dockerEndpoint().id
            #expect(
                try h.value("SELECT kind, reachable, api_version >= '1.41', cgroup_version IS NOT NULL, rootless, daemon_id IS NOT NULL FROM engines WHERE engine_id = '\(docker)'")
                    == "docker|1|1|1|0|1")
            #expect(try h.value("SELECT count(*) > 0 FROM images WHERE engine_id = '\(docker)' AND repo_tags LIKE '%posture-test/busybox:1%'") == "1")
            #expect(try h.value("SELECT count(*) FROM image_tags WHERE reference = 'posture-test/busybox:1' AND engine_id = '\(docker)'") == "1")
            #expect(try h.value("SELECT count(*) >= 1 FROM image_history h JOIN images i USING (engine_id, image_id) WHERE i.repo_tags LIKE '%busybox%'") == "1")
        }

        @Test("podman is collected in the same snapshot, with its limits")
        func podman() async throws {
            let h = try await Self.collectZoo()
            let podman = try TestEngines.podmanEndpoint().id
            #expect(try h.value("SELECT kind, reachable FROM engines WHERE engine_id = '\(podman)'") == "podman|1")
            #expect(
                try h.value("SELECT memory_limit, pids_limit, running FROM containers WHERE engine_id = '\(podman)' AND name = 'zoo-podman-limited'")
                    == "268435456|50|1")
            #expect(try h.value("SELECT memory_limit FROM containers WHERE engine_id = '\(podman)' AND name = 'zoo-podman-plain'") == "NULL")
            #expect(try h.value("SELECT count(DISTINCT engine_id) FROM containers") == "2")
        }
    }

    @Test("history on a real engine: unchanged re-collect adds no rows; a change and a removal show in history and the past answers as before")
    func history() async throws {
        let tag = String(UUID().uuidString.prefix(8)).lowercased()
        let a = "hist-a-\(tag)"
        let b = "hist-b-\(tag)"
        defer { _ = try? TestEngines.dockerCLI("rm", "-f", a, b) }
        for name in [a, b] {
            try TestEngines.dockerCLI("run", "-d", "--name", name, "--label", "posture.test=history", "--memory", "64m", "posture-test/busybox:1", "sleep", "86400")
        }
        let h = try CollectHarness()
        let endpoint = try TestEngines.dockerEndpoint()
        let (first, _) = try await h.collect([endpoint])
        let rowsAfterFirst = try h.value("SELECT (SELECT count(*) FROM containers_history) + (SELECT count(*) FROM container_env_history) + (SELECT count(*) FROM images_history) + (SELECT count(*) FROM networks_history) + (SELECT count(*) FROM engines_history)")
        let (second, _) = try await h.collect([endpoint])
        #expect(second.versionsOpened == 0, "an unchanged re-collect opened \(second.versionsOpened) versions: \(second.changes)")
        #expect(try h.value("SELECT (SELECT count(*) FROM containers_history) + (SELECT count(*) FROM container_env_history) + (SELECT count(*) FROM images_history) + (SELECT count(*) FROM networks_history) + (SELECT count(*) FROM engines_history)") == rowsAfterFirst)

        // The third collect inspects a (changed) and b (removed: 404) early, as containers of the
        // last snapshot, and c (new) once the list names it; a container ID the engine never
        // had, also "known", is asked early and dropped.
        let c = "hist-c-\(tag)"
        defer { _ = try? TestEngines.dockerCLI("rm", "-f", c) }
        try TestEngines.dockerCLI("update", "--memory", "128m", "--memory-swap", "256m", a)
        try TestEngines.dockerCLI("rm", "-f", b)
        try TestEngines.dockerCLI("create", "--name", c, "--label", "posture.test=history", "posture-test/busybox:1", "true")
        let (third, collections) = try await h.collect(
            [endpoint], alsoKnown: [
                endpoint.id: [KnownContainer(containerID: String(repeating: "0", count: 64), name: "gone", pid: nil, digest: nil)]
            ])
        #expect(third.status == "complete")
        #expect(third.changes["containers"]?.changed == 1)
        #expect(third.changes["containers"]?.removed == 1)
        #expect(third.changes["containers"]?.added == 1)
        #expect(collections.first?.containers.contains { $0.name == c } == true)
        #expect(collections.first?.containers.contains { $0.name == b || $0.containerID.hasPrefix("0000") } == false)
        #expect(try h.rows("SELECT name, memory_limit FROM containers WHERE name LIKE 'hist-%-\(tag)' ORDER BY name") == ["\(a)|134217728", "\(c)|NULL"])
        #expect(
            try h.rows("SELECT name, memory_limit FROM containers WHERE name LIKE 'hist-%-\(tag)' ORDER BY name", snapshot: first.snapshotID)
                == ["\(a)|67108864", "\(b)|67108864"])
        #expect(
            try h.rows("SELECT memory_limit, valid_from, coalesce(valid_to, '-') FROM containers_history WHERE name = '\(a)' ORDER BY valid_from")
                == ["67108864|\(first.snapshotID)|\(third.snapshotID)", "134217728|\(third.snapshotID)|-"])
    }

    @Test("an engine that goes away keeps its facts, is marked unreachable, and the snapshot is partial")
    func unreachableKeepsFacts() async throws {
        let h = try CollectHarness()
        let real = try TestEngines.dockerEndpoint()
        let link = h.folder + "/docker.sock"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real.socketPath!)
        let viaLink = try EngineEndpoint.parse("unix://" + link, source: "test")
        let (first, _) = try await h.collect([viaLink])
        #expect(first.status == "complete")
        let containers = try h.value("SELECT count(*) FROM containers")
        #expect(Int(containers ?? "0")! > 5)

        try FileManager.default.removeItem(atPath: link)
        let (second, _) = try await h.collect([viaLink])
        #expect(second.status == "failed")
        #expect(second.changes["containers"] == nil)
        #expect(try h.value("SELECT count(*) FROM containers") == containers)
        #expect(try h.value("SELECT reachable, version IS NOT NULL, error LIKE 'cannot reach%' FROM engines") == "0|1|1")
        #expect(try h.value("SELECT count(*) FROM snapshot_collectors WHERE snapshot_id = \(second.snapshotID) AND status = 'failed'") == "5")
    }
}
