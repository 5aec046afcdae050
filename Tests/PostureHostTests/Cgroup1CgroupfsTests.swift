import Foundation
import PostureFacts
import PostureHost
import Testing

/// Rootful Docker on cgroup v1 with the cgroupfs driver: Fixtures/hosts/cgroup1-cgroupfs.
@Suite struct Cgroup1CgroupfsTests {
    static let engine = "unix:///var/run/docker.sock"
    static let limited = "b9233230b8ec50d2473866e9994f5afc065e52acddd964d56dacd6bb3933ee3b"
    static let unlimited = "872ee96f3ae8076047363e224e5f04608d0d0372ed83a5a510b3a16bf0e95a58"
    static let missing = "f63ca461a54fe1b40199957c383b135b99dea4e65762804c0565e0242264eb68"

    let host: FixtureHost

    init() throws {
        host = try FixtureHost("cgroup1-cgroupfs")
        try host.own("/var/run/docker.sock", uid: 0, gid: 998, mode: 0o666)
    }

    func collect(_ containers: [(String, Int)]) -> [CollectorResult] {
        HostCollector(hostRoot: host.root).collect(
            engines: [HostEngine(engineID: Self.engine, kind: "docker", socketPath: "/var/run/docker.sock")],
            containers: containers.map { HostContainer(engineID: Self.engine, containerID: $0.0, pid: $0.1) })
    }

    @Test func everyValue() throws {
        let results = collect([(Self.limited, 2101), (Self.unlimited, 2202)])
        #expect(results.map(\.status) == [.ok, .ok, .ok, .ok])
        #expect(results.map(\.error) == [nil, nil, nil, nil])

        #expect(
            rows("daemons", in: results) == [[
                "engine_id": .text(Self.engine), "kind": "docker", "pid": 1630, "process_name": "dockerd",
                "found_via": "cmdline", "uid": 0, "euid": 0, "gid": 0, "egid": 0, "user": "root", "exe": "/usr/sbin/dockerd",
                "cmdline": "/usr/sbin/dockerd -H unix:///var/run/docker.sock -H tcp://0.0.0.0:2375 --live-restore --log-level=debug --insecure-registry=registry.local:5000 --insecure-registry 10.0.0.0/8 --icc=false --log-opt max-size=10m --log-opt max-file=3 --log-opt max-size=20m --userns-remap default --oom-score-adjust -500 -D",
                "started_at": "2025-11-28T03:20:12Z", "config_path": "/etc/docker/daemon.json", "config_exists": 0,
                "config_uid": nil, "config_gid": nil, "config_mode": nil, "config_mtime": nil, "config_changed_after_start": nil,
            ]])
        let settings = rows("daemon_config", in: results).map {
            "\($0["key"]!.textValue!)=\($0["value"]!.textValue!) \($0["source"]!.textValue!)"
        }
        #expect(
            settings == [
                "debug=true flag", "experimental=false default", "hosts=unix:///var/run/docker.sock,tcp://0.0.0.0:2375 flag",
                "icc=false flag", "insecure-registries=registry.local:5000,10.0.0.0/8 flag", "ip-forward=true default",
                "ip-masq=true default", "iptables=true default", "live-restore=true flag", "log-driver=json-file default",
                "log-level=debug flag", "log-opts.max-file=3 flag", "log-opts.max-size=20m flag",
                "no-new-privileges=false default", "oom-score-adjust=-500 flag", "selinux-enabled=false default",
                "tls=false default", "tlsverify=false default", "userland-proxy=true default", "userns-remap=default flag",
            ])

        #expect(
            rows("host_access", in: results).map {
                "\($0["principal"]!.textValue!) \($0["via"]!.textValue!) \($0["mode"]!.textValue!) \($0["group"]!.textValue!) \($0["root_equivalent"]!.textValue!)"
            } == ["root owner 0666 docker 1", "dave group 0666 docker 1", "* world 0666 docker 1"])

        let base: [String: FactValue] = ["engine_id": .text(Self.engine), "cgroup_version": 1, "cpu_period": 100_000, "missing_files": nil]
        #expect(
            rows("cgroup_limits", in: results) == [
                base.merging([
                    "container_id": .text(Self.limited), "cgroup_path": .text("/docker/\(Self.limited)"), "memory_max": 536_870_912,
                    "memory_swap_max": 1_073_741_824, "cpu_quota": 150_000, "cpu_shares": 512, "cpu_weight": 20,
                    "pids_max": 200, "cpuset_cpus": "0",
                ]) { $1 },
                base.merging([
                    "container_id": .text(Self.unlimited), "cgroup_path": .text("/docker/\(Self.unlimited)"), "memory_max": nil,
                    "memory_swap_max": nil, "cpu_quota": nil, "cpu_shares": 1024, "cpu_weight": 39, "pids_max": nil,
                    "cpuset_cpus": "0-1",
                ]) { $1 },
            ])
        #expect(
            samples("container_usage_samples", in: results) == [
                ["engine_id": .text(Self.engine), "container_id": .text(Self.limited), "memory_current": 40_960_000,
                 "pids_current": 7, "oom_kills": 2, "cpu_usage_usec": 2_500_000],
                ["engine_id": .text(Self.engine), "container_id": .text(Self.unlimited), "memory_current": 73_400_320,
                 "pids_current": 21, "oom_kills": 0, "cpu_usage_usec": 123_456_789],
            ])
        let processes = rows("container_processes", in: results)
        #expect(processes.map { $0["uid"] } == [1000, 0])
        #expect(processes.map { $0["cap_eff"] } == ["0000000000000000", "00000000a80425fb"])
        #expect(processes.map { $0["cap_eff_count"] } == [0, 14])
        #expect(processes.map { $0["cap_bnd"] } == ["00000000a80425fb", "00000000a80425fb"])
        #expect(processes.map { $0["groups"] } == ["1000", "0,1,2,3,4,6,10,11,20,26,27"])
        #expect(processes.map { $0["seccomp_mode"] } == [2, 2])
        #expect(processes.map { $0["nspid"] } == [1, 1])

        let (database, folder) = try store(results)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let stored = try database.query(
            "select cgroup_version, memory_swap_max, cpu_shares from cgroup_limits order by cpu_shares")
        #expect(
            stored.texts == [
                ["cgroup_version": "1", "memory_swap_max": "1073741824", "cpu_shares": "512"],
                ["cgroup_version": "1", "memory_swap_max": nil, "cpu_shares": "1024"],
            ])
        let world = try database.query("select principal from host_access where via = 'world'")
        #expect(world.texts == [["principal": "*"]])
        let hosts = try database.query("select value from daemon_config where key = 'hosts'")
        #expect(hosts.texts == [["value": "unix:///var/run/docker.sock,tcp://0.0.0.0:2375"]])
    }

    /// The container's cgroup folder does not exist at the path /proc/<pid>/cgroup gives: no row
    /// with NULL ("unlimited") limits, but a partial result that says why.
    @Test func missingCgroupFolderIsReportedNotUnlimited() throws {
        let results = collect([(Self.limited, 2101), (Self.missing, 2303)])
        let cgroups = try result("cgroups", engine: Self.engine, in: results)
        #expect(cgroups.status == .partial)
        #expect(
            cgroups.error
                == "1 of 2 containers unreadable: f63ca461a54f: cgroup directory \(host.root)/sys/fs/cgroup/memory/docker/\(Self.missing) does not exist (the path /docker/\(Self.missing) from /proc/<pid>/cgroup may be relative to a cgroup namespace root; run posture in the host's cgroup namespace)")
        #expect(rows("cgroup_limits", in: results).map { $0["container_id"] } == [.text(Self.limited)])
        #expect(samples("container_usage_samples", in: results).count == 1)
        #expect(cgroups.facts.map(\.mode) == [.partial])
        // Its process is still there, so the processes collector is fine.
        #expect(try result("processes", engine: Self.engine, in: results).status == .ok)

        let only = collect([(Self.missing, 2303)])
        #expect(try result("cgroups", engine: Self.engine, in: only).status == .failed)
        #expect(try result("cgroups", engine: Self.engine, in: only).facts.isEmpty)
    }
}
