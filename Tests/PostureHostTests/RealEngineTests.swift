import Foundation
import PostureFacts
import PostureHost
import Testing

/// Against a real, running dockerd on this machine (opt-in): set POSTURE_TEST_DOCKER_SOCKET to its
/// socket path, or DOCKER_HOST to `unix://<path>`, as the test scripts do for their private
/// dockerd. With the `docker` CLI on PATH, its running containers are checked too.
@Suite(.enabled(if: realDockerSocket() != nil, "no POSTURE_TEST_DOCKER_SOCKET or unix:// DOCKER_HOST"))
struct RealEngineTests {
    struct Inspected {
        let id: String
        let pid: Int
        let memory: Int64
        let pidsLimit: Int64?
    }

    /// Running containers as the docker CLI reports them; empty without the CLI.
    func containers(_ socket: String) -> [Inspected] {
        let format = "{{.Id}} {{.State.Pid}} {{.HostConfig.Memory}} {{.HostConfig.PidsLimit}}"
        guard let ids = docker(["-H", "unix://" + socket, "ps", "-q", "--no-trunc"]), !ids.isEmpty,
            let lines = docker(["-H", "unix://" + socket, "inspect", "-f", format] + ids.split(separator: "\n").map(String.init))
        else { return [] }
        return lines.split(separator: "\n").compactMap { line in
            // PidsLimit prints "<no value>" when unset.
            let f = line.split(separator: " ").map(String.init)
            guard f.count >= 4, let pid = Int(f[1]), pid > 0, let memory = Int64(f[2]) else { return nil }
            return Inspected(id: f[0], pid: pid, memory: memory, pidsLimit: Int64(f[3]))
        }
    }

    func docker(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["docker"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func findsTheDaemonServingTheSocketAndItsContainersLimits() throws {
        let socket = try #require(realDockerSocket())
        let engine = "unix://" + socket
        let running = containers(socket)
        let results = HostCollector().collect(
            engines: [HostEngine(engineID: engine, kind: "docker", socketPath: socket)],
            containers: running.map { HostContainer(engineID: engine, containerID: $0.id, pid: $0.pid) })
        #expect(results.map(\.status) == [.ok, .ok, .ok, .ok], "\(results.compactMap(\.error))")

        let daemon = try #require(rows("daemons", in: results).first)
        #expect(daemon["process_name"] == "dockerd")
        #expect(daemon["found_via"] == "socket")
        if case .int(let pid) = daemon["pid"], let pidFile = rows("daemon_config", in: results).first(where: { $0["key"] == "pidfile" }),
            let text = try? String(contentsOfFile: pidFile["value"]!.textValue!, encoding: .utf8)
        {
            #expect(Int64(text.trimmingCharacters(in: .whitespacesAndNewlines)) == pid)
        }
        #expect(rows("host_access", in: results).contains { $0["via"] == "owner" && $0["socket_path"] == .text(socket) })

        let rootful = daemon["euid"] == 0
        let limits = rows("cgroup_limits", in: results)
        #expect(limits.count == running.count)
        #expect(rows("container_processes", in: results).count == running.count)
        for container in running where rootful {
            let row = try #require(limits.first { $0["container_id"] == .text(container.id) })
            // A rootful engine's limits are in force: the kernel says what the engine was asked.
            #expect(row["memory_max"] == (container.memory > 0 ? .int(container.memory) : .null))
            if let pids = container.pidsLimit, pids > 0 { #expect(row["pids_max"] == .int(pids)) }
        }
    }
}

/// The socket of the real dockerd to test against, from the environment.
func realDockerSocket() -> String? {
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["POSTURE_TEST_DOCKER_SOCKET"], !path.isEmpty { return path }
    if let host = environment["DOCKER_HOST"], host.hasPrefix("unix://") { return String(host.dropFirst(7)) }
    return nil
}
