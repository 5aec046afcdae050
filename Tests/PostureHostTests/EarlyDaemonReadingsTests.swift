import Foundation
import PostureFacts
import PostureHost
import Testing

/// The daemon and host-access results started early (as soon as the engine's kind is known)
/// are the ones stored, for exactly the engine they were started for: Fixtures/hosts/
/// cgroup2-systemd, whose daemon.json is changed between the early start and the results.
@Suite struct EarlyDaemonReadingsTests {
    let host: FixtureHost
    let engine = HostEngine(engineID: Cgroup2SystemdTests.system, kind: "docker", socketPath: "/var/run/docker.sock")

    init() throws {
        host = try FixtureHost("cgroup2-systemd")
    }

    /// The `live-restore` setting stored for the engine, when `daemons` (started or not) is used.
    func liveRestore(for engine: HostEngine, daemons: EarlyDaemonReadings) -> String? {
        let results = HostCollector(hostRoot: host.root).collect(engines: [engine], containers: [], daemons: daemons)
        #expect(results.map(\.collector) == ["daemon", "host-access", "cgroups", "processes"])
        return rows("daemon_config", in: results).first { $0["key"] == "live-restore" }?["value"]?.textValue
    }

    func turnLiveRestoreOff() throws {
        let path = host.path("/etc/docker/daemon.json")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\"live-restore\": true", with: "\"live-restore\": false")
            .write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func resultsStartedEarlyAreTheOnesStored() throws {
        let daemons = EarlyDaemonReadings(hostRoot: host.root)
        daemons.start(engine)
        // The early lane may still be reading: the results wait for it, so the change below
        // can only be seen if the lane were run again.
        _ = liveRestore(for: engine, daemons: daemons)
        try turnLiveRestoreOff()
        #expect(liveRestore(for: engine, daemons: daemons) == "true")
    }

    @Test func anEngineDescribedOtherwiseIsReadAgain() throws {
        let daemons = EarlyDaemonReadings(hostRoot: host.root)
        daemons.start(engine)
        _ = liveRestore(for: engine, daemons: daemons)
        try turnLiveRestoreOff()
        let rootless = HostEngine(
            engineID: engine.engineID, kind: engine.kind, socketPath: engine.socketPath, rootless: false)
        #expect(liveRestore(for: rootless, daemons: daemons) == "false")
    }

    @Test func enginesNeverStartedAreReadWhenStored() throws {
        try turnLiveRestoreOff()
        #expect(liveRestore(for: engine, daemons: EarlyDaemonReadings(hostRoot: host.root)) == "false")
    }

    @Test func remoteEnginesAreNotStarted() {
        let remote = HostEngine(engineID: "tcp://10.0.0.5:2376", kind: "docker", socketPath: nil)
        let daemons = EarlyDaemonReadings(hostRoot: host.root)
        daemons.start(remote)
        let results = HostCollector(hostRoot: host.root).collect(engines: [remote], containers: [], daemons: daemons)
        #expect(results.allSatisfy { $0.status == .skipped })
    }
}
