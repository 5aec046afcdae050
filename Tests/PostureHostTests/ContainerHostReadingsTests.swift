import Foundation
import PostureFacts
import PostureHost
import Testing

/// Host facts read early (while the engine is collected) are the ones stored, for the pid they
/// were read at only: Fixtures/hosts/cgroup2-systemd, whose files are changed between the early
/// reading and the results.
@Suite struct ContainerHostReadingsTests {
    let host: FixtureHost
    let engine = HostEngine(engineID: Cgroup2SystemdTests.system, kind: "docker", socketPath: "/var/run/docker.sock")
    let scope = "/sys/fs/cgroup/system.slice/docker-\(Cgroup2SystemdTests.limited).scope"

    init() throws {
        host = try FixtureHost("cgroup2-systemd")
    }

    func collect(pid: Int, readings: ContainerHostReadings) throws -> (limits: [String: FactValue], process: [String: FactValue]) {
        let results = HostCollector(hostRoot: host.root).collect(
            engines: [engine],
            containers: [HostContainer(engineID: engine.engineID, containerID: Cgroup2SystemdTests.limited, pid: pid)],
            readings: readings)
        let limits = try #require(rows("cgroup_limits", in: results).first)
        let process = try #require(rows("container_processes", in: results).first)
        return (limits, process)
    }

    @Test func earlyReadingIsTheOneStored() throws {
        let readings = ContainerHostReadings(hostRoot: host.root)
        readings.read(engineID: engine.engineID, containerID: Cgroup2SystemdTests.limited, pid: 5101)
        try "1073741824\n".write(toFile: host.path(scope + "/memory.max"), atomically: true, encoding: .utf8)
        let (limits, process) = try collect(pid: 5101, readings: readings)
        #expect(limits["memory_max"] == 268_435_456)
        #expect(process["container_id"] == .text(Cgroup2SystemdTests.limited))
        #expect(process["cap_eff_count"] != nil)
    }

    @Test func readingOnItsOwnThreadIsTheOneStored() throws {
        let readings = ContainerHostReadings(hostRoot: host.root)
        readings.readSoon(engineID: engine.engineID, containerID: Cgroup2SystemdTests.limited, pid: 5101)
        readings.finishPending()
        try "1073741824\n".write(toFile: host.path(scope + "/memory.max"), atomically: true, encoding: .utf8)
        let (limits, process) = try collect(pid: 5101, readings: readings)
        #expect(limits["memory_max"] == 268_435_456)
        #expect(process["container_id"] == .text(Cgroup2SystemdTests.limited))
    }

    /// `collect` asks for the containers of the last snapshot at their old pid before the engine
    /// answers, and again when each inspect gives its pid: the second ask reads nothing.
    @Test func askingTwiceAtOnePidReadsOnce() throws {
        let readings = ContainerHostReadings(hostRoot: host.root)
        readings.readSoon(engineID: engine.engineID, containerID: Cgroup2SystemdTests.limited, pid: 5101)
        readings.finishPending()
        try "1073741824\n".write(toFile: host.path(scope + "/memory.max"), atomically: true, encoding: .utf8)
        readings.readSoon(engineID: engine.engineID, containerID: Cgroup2SystemdTests.limited, pid: 5101)
        readings.finishPending()
        let (limits, _) = try collect(pid: 5101, readings: readings)
        #expect(limits["memory_max"] == 268_435_456)
    }

    /// A container asked for again at another pid (it restarted while being collected): the
    /// later ask's reading is the one kept, whichever thread read which.
    @Test func askedAgainAtAnotherPidKeepsTheLater() throws {
        let readings = ContainerHostReadings(hostRoot: host.root)
        readings.readSoon(engineID: engine.engineID, containerID: Cgroup2SystemdTests.limited, pid: 5202)
        readings.readSoon(engineID: engine.engineID, containerID: Cgroup2SystemdTests.limited, pid: 5101)
        readings.finishPending()
        try "1073741824\n".write(toFile: host.path(scope + "/memory.max"), atomically: true, encoding: .utf8)
        let (limits, _) = try collect(pid: 5101, readings: readings)
        #expect(limits["memory_max"] == 268_435_456, "read early at pid 5101, not again")
    }

    @Test func anotherPidIsReadAgain() throws {
        let readings = ContainerHostReadings(hostRoot: host.root)
        readings.read(engineID: engine.engineID, containerID: Cgroup2SystemdTests.limited, pid: 5202)
        try "1073741824\n".write(toFile: host.path(scope + "/memory.max"), atomically: true, encoding: .utf8)
        let (limits, _) = try collect(pid: 5101, readings: readings)
        #expect(limits["memory_max"] == 1_073_741_824)
    }

    @Test func containersNeverReadEarlyAreReadWhenStored() throws {
        let (limits, _) = try collect(pid: 5101, readings: ContainerHostReadings(hostRoot: host.root))
        #expect(limits["memory_max"] == 268_435_456)
        #expect(limits["cgroup_path"] == .text("/system.slice/docker-\(Cgroup2SystemdTests.limited).scope"))
    }
}
