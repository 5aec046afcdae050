import Foundation
import PostureFacts
import PostureHost
import Testing

/// Rootful Docker on cgroup v2 with the systemd driver: Fixtures/hosts/cgroup2-systemd.
@Suite struct Cgroup2SystemdTests {
    static let system = "unix:///var/run/docker.sock"
    static let privateEngine = "unix:///tmp/posture-test/docker.sock"
    static let limited = "bff174062b7a4e07756b0ab9fad3123f1924de999a34f61ab8323f12d05a08c4"
    static let unlimited = "99a6d408f6a84d0bbc13679198cbaad36ab2955d3be6218ae73d585cd0046aa1"
    static let btime = 1_764_300_000.0

    let host: FixtureHost
    let engines = [
        HostEngine(engineID: system, kind: "docker", socketPath: "/var/run/docker.sock", rootless: false),
        HostEngine(engineID: privateEngine, kind: "docker", socketPath: "/tmp/posture-test/docker.sock"),
    ]

    init() throws {
        host = try FixtureHost("cgroup2-systemd")
        try host.own("/run/docker.sock", uid: 0, gid: 999, mode: 0o660)
        try host.own("/tmp/posture-test/docker.sock", uid: 0, gid: 0, mode: 0o600)
        try host.own("/etc/docker/daemon.json", uid: 0, gid: 0, mode: 0o644)
        try host.touch("/etc/docker/daemon.json", mtime: Self.btime - 86_400)
    }

    func collect(extra: [HostContainer] = []) -> [CollectorResult] {
        HostCollector(hostRoot: host.root).collect(
            engines: engines,
            containers: [
                HostContainer(engineID: Self.system, containerID: Self.limited, pid: 5101),
                HostContainer(engineID: Self.system, containerID: Self.unlimited, pid: 5202),
                HostContainer(engineID: Self.system, containerID: "stopped", pid: nil),
            ] + extra)
    }

    @Test func everyCollectorSucceeds() {
        let results = collect()
        #expect(results.map(\.collector) == ["daemon", "host-access", "cgroups", "processes", "daemon", "host-access", "cgroups", "processes"])
        #expect(results.map(\.engineID) == Array(repeating: Self.system, count: 4) + Array(repeating: Self.privateEngine, count: 4))
        for result in results {
            #expect(result.status == .ok, "\(result.collector): \(result.error ?? "")")
            #expect(result.error == nil)
            #expect(result.facts.allSatisfy { $0.mode == .complete && $0.scope == ["engine_id": .optional(result.engineID)] })
        }
        #expect(results.map(\.itemCount) == [23, 4, 2, 2, 22, 1, 0, 0])
    }

    @Test func daemonsMatchTheirSockets() {
        let daemons = rows("daemons", in: collect())
        #expect(
            daemons == [
                [
                    "engine_id": .text(Self.system), "kind": "docker", "pid": 812, "process_name": "dockerd",
                    "found_via": "socket", "uid": 0, "euid": 0, "gid": 0, "egid": 0, "user": "root",
                    "exe": "/usr/bin/dockerd", "cmdline": "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock",
                    "started_at": "2025-11-28T03:20:21Z", "config_path": "/etc/docker/daemon.json", "config_exists": 1,
                    "config_uid": 0, "config_gid": 0, "config_mode": "0644", "config_mtime": "2025-11-27T03:20:00Z",
                    "config_changed_after_start": 0,
                ],
                [
                    "engine_id": .text(Self.privateEngine), "kind": "docker", "pid": 4242, "process_name": "dockerd",
                    "found_via": "cmdline", "uid": 0, "euid": 0, "gid": 0, "egid": 0, "user": "root",
                    "exe": "/usr/sbin/dockerd",
                    "cmdline": "dockerd -H unix:///tmp/posture-test/docker.sock --pidfile /tmp/posture-test/docker.pid --data-root /tmp/posture-test/data --exec-root /tmp/posture-test/exec --iptables=false --bridge=none --config-file /tmp/posture-test/daemon.json",
                    "started_at": "2025-11-28T04:20:00Z", "config_path": "/tmp/posture-test/daemon.json",
                    "config_exists": 0, "config_uid": nil, "config_gid": nil, "config_mode": nil, "config_mtime": nil,
                    "config_changed_after_start": nil,
                ],
            ])
    }

    @Test func daemonConfigFromFlagsFileAndDefaults() {
        let config = rows("daemon_config", in: collect())
        func settings(_ engine: String) -> [String] {
            config.filter { $0["engine_id"] == .text(engine) }.map {
                "\($0["key"]!.textValue!)=\($0["value"]!.textValue!) \($0["source"]!.textValue!) \($0["file_path"]!.textValue ?? "-")"
            }
        }
        let file = "/etc/docker/daemon.json"
        #expect(
            settings(Self.system) == [
                "containerd=/run/containerd/containerd.sock flag -", "debug=false default -",
                "default-ulimits.nofile.Hard=64000 file \(file)", "default-ulimits.nofile.Name=nofile file \(file)",
                "default-ulimits.nofile.Soft=64000 file \(file)", "experimental=false default -", "features={} file \(file)",
                "hosts=fd:// flag -", "icc=true default -", "ip-forward=true default -", "ip-masq=true default -",
                "iptables=true default -", "live-restore=true file \(file)", "log-driver=journald file \(file)",
                "log-level=info default -", "log-opts.tag={{.Name}} file \(file)", "no-new-privileges=true file \(file)",
                "selinux-enabled=false default -", "tls=false default -", "tlsverify=false default -",
                "userland-proxy=false file \(file)", "userns-remap= default -",
            ])
        #expect(
            settings(Self.privateEngine) == [
                "bridge=none flag -", "config-file=/tmp/posture-test/daemon.json flag -", "data-root=/tmp/posture-test/data flag -",
                "debug=false default -", "exec-root=/tmp/posture-test/exec flag -", "experimental=false default -",
                "hosts=unix:///tmp/posture-test/docker.sock flag -", "icc=true default -", "ip-forward=true default -",
                "ip-masq=true default -", "iptables=false flag -", "live-restore=false default -", "log-driver=json-file default -",
                "log-level=info default -", "no-new-privileges=false default -", "pidfile=/tmp/posture-test/docker.pid flag -",
                "selinux-enabled=false default -", "tls=false default -", "tlsverify=false default -",
                "userland-proxy=true default -", "userns-remap= default -",
            ])
    }

    @Test func dockerGroupMembersAreRootEquivalent() {
        let access = rows("host_access", in: collect())
        func row(_ principal: String, _ uid: FactValue, _ via: String, engine: String = Cgroup2SystemdTests.system, socket: String = "/var/run/docker.sock", group: String = "docker", gid: FactValue = 999, mode: String = "0660") -> [String: FactValue] {
            [
                "engine_id": .text(engine), "socket_path": .text(socket), "mode": .text(mode), "owner": "root", "owner_uid": 0,
                "group": .text(group), "group_gid": gid, "principal": .text(principal), "principal_uid": uid, "via": .text(via),
                "rootless": 0, "root_equivalent": 1,
            ]
        }
        #expect(
            access == [
                row("root", 0, "owner"), row("alice", 1000, "group"), row("deploy", nil, "group"),
                row("bob", 1001, "primary-group"),
                row("root", 0, "owner", engine: Self.privateEngine, socket: "/tmp/posture-test/docker.sock", group: "root", gid: 0, mode: "0600"),
            ])
    }

    @Test func cgroupLimitsUsageAndProcesses() {
        let results = collect()
        let base: [String: FactValue] = ["engine_id": .text(Self.system), "cgroup_version": 2, "cpu_shares": nil, "missing_files": nil]
        #expect(
            rows("cgroup_limits", in: results) == [
                base.merging([
                    "container_id": .text(Self.limited), "cgroup_path": .text("/system.slice/docker-\(Self.limited).scope"),
                    "memory_max": 268_435_456, "memory_swap_max": 0, "cpu_quota": 50_000, "cpu_period": 100_000,
                    "cpu_weight": 100, "pids_max": 100, "cpuset_cpus": "0-1",
                ]) { $1 },
                base.merging([
                    "container_id": .text(Self.unlimited), "cgroup_path": .text("/system.slice/docker-\(Self.unlimited).scope"),
                    "memory_max": nil, "memory_swap_max": nil, "cpu_quota": nil, "cpu_period": 100_000, "cpu_weight": 100,
                    "pids_max": nil, "cpuset_cpus": "0-1",
                ]) { $1 },
            ])
        #expect(
            samples("container_usage_samples", in: results) == [
                ["engine_id": .text(Self.system), "container_id": .text(Self.limited), "memory_current": 18_612_224,
                 "pids_current": 3, "oom_kills": 1, "cpu_usage_usec": 845_123],
                ["engine_id": .text(Self.system), "container_id": .text(Self.unlimited), "memory_current": 52_428_800,
                 "pids_current": 12, "oom_kills": 0, "cpu_usage_usec": 9_120_456],
            ])
        let zero: FactValue = "0000000000000000"
        #expect(
            rows("container_processes", in: results) == [
                ["engine_id": .text(Self.system), "container_id": .text(Self.limited), "process_name": "nginx",
                 "cap_eff": "00000000a80425fb", "cap_prm": "00000000a80425fb", "cap_bnd": "00000000a80425fb", "cap_inh": zero,
                 "cap_amb": zero, "cap_eff_count": 14, "no_new_privs": 1, "seccomp_mode": 2, "uid": 0, "euid": 0, "gid": 0,
                 "egid": 0, "groups": "", "nspid": 1],
                ["engine_id": .text(Self.system), "container_id": .text(Self.unlimited), "process_name": "bash",
                 "cap_eff": "000001ffffffffff", "cap_prm": "000001ffffffffff", "cap_bnd": "000001ffffffffff", "cap_inh": zero,
                 "cap_amb": zero, "cap_eff_count": 41, "no_new_privs": 0, "seccomp_mode": 0, "uid": 0, "euid": 0, "gid": 0,
                 "egid": 0, "groups": "", "nspid": 1],
            ])
    }

    @Test func goneProcessMakesThePartialResultSaySo() throws {
        let results = collect(extra: [HostContainer(engineID: Self.system, containerID: "c0ffee", pid: 77777)])
        for name in ["cgroups", "processes"] {
            let result = try result(name, engine: Self.system, in: results)
            #expect(result.status == .partial)
            #expect(result.error == "1 of 3 containers unreadable: c0ffee: process 77777 is gone or hidden (\(host.root)/proc/77777/\(name == "cgroups" ? "cgroup" : "status") does not exist; the container may have stopped, or /proc is mounted with hidepid)")
            #expect(result.itemCount == 2)
            #expect(result.facts.allSatisfy { $0.mode == .partial })
        }
    }

    @Test func storedThroughThePublicViews() throws {
        let (database, folder) = try store(collect())
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let limits = try database.query(
            "select container_id, memory_max, cpu_quota, pids_max from cgroup_limits order by memory_max is null")
        #expect(
            limits.texts == [
                ["container_id": Self.limited, "memory_max": "268435456", "cpu_quota": "50000", "pids_max": "100"],
                ["container_id": Self.unlimited, "memory_max": nil, "cpu_quota": nil, "pids_max": nil],
            ])
        let daemons = try database.query("select engine_id, pid, user, found_via, started_at from daemons order by pid")
        #expect(daemons.texts.map { $0["pid"]! } == ["812", "4242"])
        #expect(daemons.texts.map { $0["started_at"]! } == ["2025-11-28T03:20:21Z", "2025-11-28T04:20:00Z"])
        let equivalents = try database.query(
            "select principal from host_access where root_equivalent = 1 and engine_id = '\(Self.system)' order by principal")
        #expect(equivalents.texts.map { $0["principal"]! } == ["alice", "bob", "deploy", "root"])
        let remap = try database.query("select value, source from daemon_config where key = 'live-restore' order by engine_id")
        #expect(remap.texts == [["value": "false", "source": "default"], ["value": "true", "source": "file"]])
        let usage = try database.query("select sum(pids_current) as pids, sum(oom_kills) as ooms from container_usage")
        #expect(usage.texts == [["pids": "15", "ooms": "1"]])
        let processes = try database.query("select container_id from container_processes where cap_eff_count > 14")
        #expect(processes.texts == [["container_id": Self.unlimited]])
        let collectors = try database.query("select count(*) as n from snapshot_collectors where status = 'ok'")
        #expect(collectors.texts == [["n": "8"]])
    }
}
