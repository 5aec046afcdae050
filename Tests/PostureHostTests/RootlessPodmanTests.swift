import Foundation
import PostureFacts
import PostureHost
import Testing

/// Rootless Podman whose memory limit is configured but not enforced:
/// Fixtures/hosts/rootless-podman-unenforced.
@Suite struct RootlessPodmanTests {
    static let socket = "/run/user/1000/podman/podman.sock"
    static let engine = "unix:///run/user/1000/podman/podman.sock"
    static let container = "99aefb1bd9a533d5c8378fc248ec2a5fa1fddbbb13bb6c78d6367ffbf6097c39"
    static let userConf = "/home/alice/.config/containers/containers.conf"

    let host: FixtureHost

    init() throws {
        host = try FixtureHost("rootless-podman-unenforced")
        try host.own(Self.socket, uid: 1000, gid: 1000, mode: 0o660)
        try host.own(Self.userConf, uid: 1000, gid: 1000, mode: 0o644)
        try host.touch(Self.userConf, mtime: 1_764_300_000 - 3600)
    }

    func collect() -> [CollectorResult] {
        HostCollector(hostRoot: host.root).collect(
            engines: [HostEngine(engineID: Self.engine, kind: "podman", socketPath: Self.socket, rootless: true)],
            containers: [HostContainer(engineID: Self.engine, containerID: Self.container, pid: 2300)])
    }

    @Test func everyValue() throws {
        let results = collect()
        #expect(results.map(\.status) == [.ok, .ok, .ok, .ok])
        #expect(results.map(\.itemCount) == [19, 1, 1, 1])
        #expect(
            rows("daemons", in: results) == [[
                "engine_id": .text(Self.engine), "kind": "podman", "pid": 2100, "process_name": "podman",
                "found_via": "socket", "uid": 1000, "euid": 1000, "gid": 1000, "egid": 1000, "user": "alice",
                "exe": "/usr/bin/podman", "cmdline": "/usr/bin/podman --log-level=info system service",
                "started_at": "2025-11-28T04:43:20Z", "config_path": .text(Self.userConf), "config_exists": 1,
                "config_uid": 1000, "config_gid": 1000, "config_mode": "0644", "config_mtime": "2025-11-28T02:20:00Z",
                "config_changed_after_start": 0,
            ]])
        let settings = rows("daemon_config", in: results).map {
            "\($0["key"]!.textValue!)=\($0["value"]!.textValue!) \($0["source"]!.textValue!) \($0["file_path"]!.textValue ?? "-")"
        }
        let etc = "/etc/containers/containers.conf", vendor = "/usr/share/containers/containers.conf"
        let registries = "/etc/containers/registries.conf", policy = "/etc/containers/policy.json"
        #expect(
            settings == [
                "containers.default_capabilities=CHOWN,DAC_OVERRIDE,FOWNER,FSETID,KILL,NET_BIND_SERVICE,SETFCAP,SETGID,SETPCAP,SETUID,SYS_CHROOT file \(etc)",
                "containers.log_driver=k8s-file file \(vendor)", "containers.log_size_max=-1 file \(etc)",
                "containers.pids_limit=0 file \(Self.userConf)",
                "containers.seccomp_profile=/usr/share/containers/seccomp.json file \(etc)",
                "engine.cgroup_manager=cgroupfs file \(Self.userConf)", "engine.events_logger=file file \(etc)",
                "engine.runtime=crun file \(vendor)", "log-level=info flag -",
                "policy.default=insecureAcceptAnything file \(policy)",
                "policy.transports.docker-daemon=insecureAcceptAnything file \(policy)",
                "policy.transports.docker.registry.example.com/prod=sigstoreSigned file \(policy)",
                "registries.registry.docker.io/library.blocked=false file \(registries)",
                "registries.registry.docker.io/library.location=mirror.local/library file \(registries)",
                "registries.registry.docker.io/library.prefix=docker.io/library file \(registries)",
                "registries.registry.localhost:5000.insecure=true file \(registries)",
                "registries.registry.localhost:5000.location=localhost:5000 file \(registries)",
                "registries.unqualified-search-registries=docker.io,quay.io file \(registries)",
            ])
        #expect(
            rows("host_access", in: results) == [[
                "engine_id": .text(Self.engine), "socket_path": .text(Self.socket), "mode": "0660", "owner": "alice",
                "owner_uid": 1000, "group": "alice", "group_gid": 1000, "principal": "alice", "principal_uid": 1000,
                "via": "owner", "rootless": 1, "root_equivalent": 0,
            ]])
        #expect(
            rows("cgroup_limits", in: results) == [[
                "engine_id": .text(Self.engine), "container_id": .text(Self.container), "cgroup_version": 2,
                "cgroup_path": .text("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-\(Self.container).scope/container"),
                "memory_max": nil, "memory_swap_max": nil, "cpu_quota": nil, "cpu_period": nil, "cpu_weight": nil,
                "cpu_shares": nil, "pids_max": 2048, "cpuset_cpus": nil, "missing_files": "cpu.max,cpu.weight,cpuset.cpus.effective",
            ]])
        #expect(
            samples("container_usage_samples", in: results) == [[
                "engine_id": .text(Self.engine), "container_id": .text(Self.container), "memory_current": 31_457_280,
                "pids_current": 4, "oom_kills": 0, "cpu_usage_usec": 1_520_000,
            ]])
        #expect(
            rows("container_processes", in: results) == [[
                "engine_id": .text(Self.engine), "container_id": .text(Self.container), "process_name": "python3",
                "cap_eff": "00000000800405fb", "cap_prm": "00000000800405fb", "cap_bnd": "00000000800405fb",
                "cap_inh": "0000000000000000", "cap_amb": "0000000000000000", "cap_eff_count": 11, "no_new_privs": 0,
                "seccomp_mode": 2, "uid": 1000, "euid": 1000, "gid": 1000, "egid": 1000, "groups": "1000", "nspid": 1,
            ]])

        let (database, folder) = try store(results)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let unenforced = try database.query(
            "select container_id, memory_max, pids_max, missing_files from cgroup_limits where memory_max is null")
        #expect(
            unenforced.texts == [[
                "container_id": Self.container, "memory_max": nil, "pids_max": "2048",
                "missing_files": "cpu.max,cpu.weight,cpuset.cpus.effective",
            ]])
        let access = try database.query("select principal, rootless, root_equivalent from host_access")
        #expect(access.texts == [["principal": "alice", "rootless": "1", "root_equivalent": "0"]])
        let insecure = try database.query(
            "select key from daemon_config where key like 'registries.registry.%.insecure' and value = 'true'")
        #expect(insecure.texts == [["key": "registries.registry.localhost:5000.insecure"]])
    }

    /// A socket-activated service that has exited: no process, but the configuration files
    /// still count. The result is partial and says why; nothing is closed in `daemons`.
    @Test func idleServiceStillRecordsConfiguration() throws {
        try FileManager.default.removeItem(atPath: host.path("/proc/2100"))
        let daemon = try result("daemon", engine: Self.engine, in: collect())
        #expect(daemon.status == .partial)
        #expect(
            daemon.error
                == "no podman system service process serving \(Self.socket) found in \(host.root)/proc (run posture in the host's pid namespace, e.g. --pid=host)")
        let daemons = try #require(daemon.facts.first { $0.table == "daemons" })
        #expect(daemons.rows.isEmpty && daemons.mode == .partial)
        let config = try #require(daemon.facts.first { $0.table == "daemon_config" })
        #expect(config.mode == .partial)
        #expect(config.rows.count == 17)  // everything but the service's --log-level flag
    }
}
