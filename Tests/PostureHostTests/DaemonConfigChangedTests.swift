import Foundation
import PostureFacts
import PostureHost
import Testing

/// daemon.json edited after dockerd started: Fixtures/hosts/daemon-config-changed.
@Suite struct DaemonConfigChangedTests {
    static let engine = "unix:///var/run/docker.sock"
    /// btime 1764300000 + 8640000 ticks / 100.
    static let started = 1_764_386_400.0

    let host: FixtureHost

    init() throws {
        host = try FixtureHost("daemon-config-changed")
        try host.own("/var/run/docker.sock", uid: 0, gid: 999, mode: 0o660)
        try host.own("/etc/docker/daemon.json", uid: 0, gid: 0, mode: 0o644)
    }

    func daemonRow(configMtime: Double) throws -> [String: FactValue] {
        try host.touch("/etc/docker/daemon.json", mtime: configMtime)
        let results = HostCollector(hostRoot: host.root).collect(
            engines: [HostEngine(engineID: Self.engine, kind: "docker", socketPath: "/var/run/docker.sock")], containers: [])
        #expect(results.map(\.status) == [.ok, .ok, .ok, .ok])
        return try #require(rows("daemons", in: results).first)
    }

    @Test func configChangedAfterStart() throws {
        let row = try daemonRow(configMtime: Self.started + 3600.5)
        #expect(
            row == [
                "engine_id": .text(Self.engine), "kind": "docker", "pid": 901, "process_name": "dockerd",
                "found_via": "pidfile", "uid": 0, "euid": 0, "gid": 0, "egid": 0, "user": "root", "exe": "/usr/bin/dockerd",
                "cmdline": "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock",
                "started_at": "2025-11-29T03:20:00Z", "config_path": "/etc/docker/daemon.json", "config_exists": 1,
                "config_uid": 0, "config_gid": 0, "config_mode": "0644", "config_mtime": "2025-11-29T04:20:00Z",
                "config_changed_after_start": 1,
            ])
    }

    @Test func configOlderThanTheDaemonIsApplied() throws {
        let row = try daemonRow(configMtime: Self.started - 1)
        #expect(row["config_mtime"] == "2025-11-29T03:19:59Z")
        #expect(row["config_changed_after_start"] == 0)
        // A fraction of a second after the start still counts as changed.
        #expect(try daemonRow(configMtime: Self.started + 0.25)["config_changed_after_start"] == 1)
    }

    @Test func storedAndQueryable() throws {
        try host.touch("/etc/docker/daemon.json", mtime: Self.started + 3600)
        let results = HostCollector(hostRoot: host.root).collect(
            engines: [HostEngine(engineID: Self.engine, kind: "docker", socketPath: "/var/run/docker.sock")], containers: [])
        let settings = rows("daemon_config", in: results).filter { $0["source"] == "file" }.map {
            "\($0["key"]!.textValue!)=\($0["value"]!.textValue!)"
        }
        #expect(settings == ["icc=false", "live-restore=true", "log-level=warn"])
        #expect(
            rows("host_access", in: results).map { $0["principal"]!.textValue! + " " + $0["via"]!.textValue! } == ["root owner"])
        let (database, folder) = try store(results)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let drift = try database.query(
            "select pid, config_path, config_changed_after_start from daemons where config_changed_after_start = 1")
        #expect(drift.texts == [["pid": "901", "config_path": "/etc/docker/daemon.json", "config_changed_after_start": "1"]])
        let counts = try database.query("select collector, status, item_count from snapshot_collectors order by collector")
        #expect(
            counts.texts == [
                ["collector": "cgroups", "status": "ok", "item_count": "0"],
                ["collector": "daemon", "status": "ok", "item_count": "18"],
                ["collector": "host-access", "status": "ok", "item_count": "1"],
                ["collector": "processes", "status": "ok", "item_count": "0"],
            ])
    }
}
