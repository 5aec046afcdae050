import Foundation
import PostureFacts
import PostureHost
import Testing

/// Against this machine's real /proc and /sys/fs/cgroup: the test process stands in for a
/// container's init process.
@Suite struct RealHostTests {
    static let engine = "unix:///nonexistent/docker.sock"

    func collect() -> [CollectorResult] {
        HostCollector().collect(
            engines: [HostEngine(engineID: Self.engine, kind: "docker", socketPath: "/nonexistent/docker.sock")],
            containers: [HostContainer(engineID: Self.engine, containerID: "self", pid: Int(getpid()))])
    }

    func status() throws -> [String: String] {
        var fields: [String: String] = [:]
        for line in try String(contentsOfFile: "/proc/self/status", encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return fields
    }

    func ids(_ text: String?) -> [FactValue] {
        (text ?? "").split(separator: "\t").prefix(2).map { .int(Int64($0)!) }
    }

    @Test func processMatchesProcSelfStatus() throws {
        let results = collect()
        let processes = try result("processes", engine: Self.engine, in: results)
        #expect(processes.status == .ok)
        let row = try #require(rows("container_processes", in: results).first)
        let status = try status()
        #expect(row["cap_eff"] == .text(status["CapEff"]!))
        #expect(row["cap_prm"] == .text(status["CapPrm"]!))
        #expect(row["cap_bnd"] == .text(status["CapBnd"]!))
        #expect(row["cap_eff_count"] == .int(Int64(UInt64(status["CapEff"]!, radix: 16)!.nonzeroBitCount)))
        #expect(row["no_new_privs"] == .int(Int64(status["NoNewPrivs"]!)!))
        #expect(row["seccomp_mode"] == .int(Int64(status["Seccomp"]!)!))
        #expect([row["uid"]!, row["euid"]!] == ids(status["Uid"]))
        #expect([row["gid"]!, row["egid"]!] == ids(status["Gid"]))
        #expect(row["nspid"] == .int(Int64(status["NSpid"]!.split(separator: "\t").last!)!))
    }

    @Test func cgroupMatchesTheCgroupFiles() throws {
        let results = collect()
        let cgroups = try result("cgroups", engine: Self.engine, in: results)
        #expect(cgroups.status == .ok, "\(cgroups.error ?? "")")
        let row = try #require(rows("cgroup_limits", in: results).first)
        let lines = try String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8).split(separator: "\n")
        var paths: [String: String] = [:]
        for line in lines {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            for name in parts[1].split(separator: ",") { paths[String(name)] = String(parts[2]) }
            if parts[1].isEmpty { paths[""] = String(parts[2]) }
        }
        func limit(_ path: String) -> FactValue? {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let value = Int64(trimmed), value >= 0, value < 1 << 62 else { return .null }
            return .int(value)
        }
        if let memory = paths["memory"] {
            #expect(row["cgroup_version"] == 1)
            #expect(row["cgroup_path"] == .text(memory))
            let dir = "/sys/fs/cgroup/memory" + (memory == "/" ? "" : memory)
            #expect(row["memory_max"] == limit(dir + "/memory.limit_in_bytes"))
            let usage = try #require(samples("container_usage_samples", in: results).first)
            #expect(usage["memory_current"] != .null)
            if let cpu = paths["cpu"] {
                let dir = "/sys/fs/cgroup/cpu" + (cpu == "/" ? "" : cpu)
                #expect(row["cpu_quota"] == limit(dir + "/cpu.cfs_quota_us"))
                #expect(row["cpu_period"] == limit(dir + "/cpu.cfs_period_us"))
            }
            if let pids = paths["pids"] {
                let file = "/sys/fs/cgroup/pids" + (pids == "/" ? "" : pids) + "/pids.max"
                if let value = limit(file) {
                    #expect(row["pids_max"] == value)
                } else {
                    // The root cgroup has no pids.max: recorded as missing, not silently unlimited.
                    #expect(row["missing_files"]?.textValue?.contains("pids.max") == true)
                }
            }
        } else {
            let path = try #require(paths[""])
            #expect(row["cgroup_version"] == 2)
            #expect(row["memory_max"] == (limit("/sys/fs/cgroup" + path + "/memory.max") ?? .null))
        }
    }

    @Test func missingSocketFailsWithoutFacts() throws {
        let results = collect()
        let access = try result("host-access", engine: Self.engine, in: results)
        #expect(access.status == .failed)
        #expect(access.error == "cannot read /nonexistent/docker.sock: no such file")
        #expect(access.facts.isEmpty)
    }
}

@Suite struct CollectorFailureTests {
    @Test func remoteEnginesAreSkipped() {
        let results = HostCollector().collect(
            engines: [HostEngine(engineID: "tcp://10.1.2.3:2376", kind: "docker", socketPath: nil)],
            containers: [HostContainer(engineID: "tcp://10.1.2.3:2376", containerID: "x", pid: 1)])
        #expect(results.map(\.collector) == ["daemon", "host-access", "cgroups", "processes"])
        for result in results {
            #expect(result.status == .skipped)
            #expect(result.error == "engine is remote; host facts need posture on that host")
            #expect(result.facts.isEmpty && result.samples.isEmpty)
        }
    }

    @Test func emptyHostRootFailsEveryCollectorWithAReason() {
        let root = "/nonexistent-posture-root"
        let results = HostCollector(hostRoot: root).collect(
            engines: [HostEngine(engineID: "e", kind: "docker", socketPath: "/var/run/docker.sock")],
            containers: [HostContainer(engineID: "e", containerID: "abc", pid: 42)])
        #expect(results.map(\.status) == [.failed, .failed, .failed, .failed])
        #expect(results[0].error == "no dockerd process serving /var/run/docker.sock found in \(root)/proc (run posture in the host's pid namespace, e.g. --pid=host)")
        #expect(results[1].error == "cannot read \(root)/var/run/docker.sock: no such file")
        #expect(results[2].error?.hasPrefix("1 of 1 containers unreadable: abc: process 42 is gone or hidden") == true)
        #expect(results.allSatisfy { $0.facts.isEmpty })
    }
}
