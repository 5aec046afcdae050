import Foundation
import PostureFacts

/// Reads the enforced limits and the usage of one process's cgroup below the host root.
///
/// Reads `/proc/<pid>/cgroup`, then v2 `/sys/fs/cgroup/<path>/{memory.max, memory.swap.max,
/// cpu.max, cpu.weight, pids.max, cpuset.cpus.effective, memory.current, pids.current,
/// memory.events, cpu.stat}` or v1 `/sys/fs/cgroup/<controller>/<path>/{memory.limit_in_bytes,
/// memory.memsw.limit_in_bytes, cpu.cfs_quota_us, cpu.cfs_period_us, cpu.shares, pids.max,
/// cpuset.effective_cpus | cpuset.cpus, memory.usage_in_bytes, memory.oom_control, pids.current,
/// cpuacct.usage}`. A limit file absent from an existing cgroup folder means the controller is
/// not enabled there (recorded in `missing_files`); a missing folder, a missing permission or a
/// gone process fails the container instead, so unreadable limits never read as "unlimited".
struct CgroupReader {
    struct Reading {
        var limits: [String: FactValue] = [:]
        var usage: [String: FactValue] = [:]
    }

    let files: HostFiles
    /// The hierarchy mounts, opened once for every container read with them.
    let mounts: CgroupMounts

    init(files: HostFiles, mounts: CgroupMounts? = nil) {
        self.files = files
        self.mounts = mounts ?? CgroupMounts(files: files)
    }

    func read(pid: Int) throws(HostError) -> Reading {
        let text: String
        do {
            text = try files.read("/proc/\(pid)/cgroup", .kernelAttribute)
        } catch .notFound(let path) {
            throw .processGone(pid: pid, path: path)
        }
        let membership = CgroupMembership(text: text)
        let paths = membership.version == 2 ? [membership.unifiedPath].compactMap { $0 } : membership.controllers.values.map(\.path)
        guard let primary = membership.primaryPath else {
            throw .malformed(path: files.resolve("/proc/\(pid)/cgroup", followLast: true), reason: "no cgroup listed")
        }
        if let namespaced = paths.first(where: CgroupMembership.leavesNamespace) {
            throw .cgroupNamespaced(pid: pid, path: namespaced)
        }
        var interface = Interface(files: files, mounts: mounts)
        var reading = membership.version == 2
            ? try readV2(path: primary, interface: &interface)
            : try readV1(membership, interface: &interface)
        reading.limits["cgroup_version"] = .optional(membership.version)
        reading.limits["cgroup_path"] = .text(primary)
        reading.limits["missing_files"] = .optional(interface.missing.isEmpty ? nil : interface.missing.joined(separator: ","))
        return reading
    }

    private func readV2(path: String, interface: inout Interface) throws(HostError) -> Reading {
        var dir: Folder? = try interface.folder(mounts: ["/sys/fs/cgroup"], path: path)
        var reading = Reading()
        if let file = try interface.limitFile(&dir, "memory.max") {
            reading.limits["memory_max"] = .optional(try CgroupValue.limit(file.text, path: file.path))
        }
        if let file = try interface.limitFile(&dir, "memory.swap.max") {
            reading.limits["memory_swap_max"] = .optional(try CgroupValue.limit(file.text, path: file.path))
        }
        if let file = try interface.limitFile(&dir, "cpu.max") {
            let cpu = try CgroupValue.cpuMax(file.text, path: file.path)
            reading.limits["cpu_quota"] = .optional(cpu.quota)
            reading.limits["cpu_period"] = .int(cpu.period)
        }
        if let file = try interface.limitFile(&dir, "cpu.weight") {
            reading.limits["cpu_weight"] = .int(try CgroupValue.integer(file.text, path: file.path))
        }
        if let file = try interface.limitFile(&dir, "pids.max") {
            reading.limits["pids_max"] = .optional(try CgroupValue.limit(file.text, path: file.path))
        }
        if let file = try interface.limitFile(&dir, "cpuset.cpus.effective") {
            reading.limits["cpuset_cpus"] = .text(String(file.text.trimmedOfWhitespace))
        }
        let memory = try interface.counter(&dir, "memory.current")
        let pids = try interface.counter(&dir, "pids.current")
        let oomKills = try interface.counter(&dir, "memory.events", key: "oom_kill")
        let cpu = try interface.counter(&dir, "cpu.stat", key: "usage_usec")
        reading.usage = [
            "memory_current": .optional(memory), "pids_current": .optional(pids), "oom_kills": .optional(oomKills),
            "cpu_usage_usec": .optional(cpu),
        ]
        return reading
    }

    private func readV1(_ membership: CgroupMembership, interface: inout Interface) throws(HostError) -> Reading {
        func folder(_ controller: String) throws(HostError) -> Folder? {
            guard let cgroup = membership.controllers[controller] else { return nil }
            return try interface.folder(
                mounts: ["/sys/fs/cgroup/" + controller, "/sys/fs/cgroup/" + cgroup.hierarchy], path: cgroup.path)
        }
        var memory = try folder("memory")
        var cpu = try folder("cpu")
        var pids = try folder("pids")
        var cpuset = try folder("cpuset")
        var cpuacct = try folder("cpuacct")
        var reading = Reading()
        if let file = try interface.limitFile(&memory, "memory.limit_in_bytes") {
            reading.limits["memory_max"] = .optional(try CgroupValue.limit(file.text, path: file.path))
        }
        if let file = try interface.limitFile(&memory, "memory.memsw.limit_in_bytes") {
            reading.limits["memory_swap_max"] = .optional(try CgroupValue.limit(file.text, path: file.path))
        }
        if let file = try interface.limitFile(&cpu, "cpu.cfs_quota_us") {
            reading.limits["cpu_quota"] = .optional(try CgroupValue.limit(file.text, path: file.path))
        }
        if let file = try interface.limitFile(&cpu, "cpu.cfs_period_us") {
            reading.limits["cpu_period"] = .int(try CgroupValue.integer(file.text, path: file.path))
        }
        if let file = try interface.limitFile(&cpu, "cpu.shares") {
            let shares = try CgroupValue.integer(file.text, path: file.path)
            reading.limits["cpu_shares"] = .int(shares)
            reading.limits["cpu_weight"] = .int(CgroupValue.weight(fromShares: shares))
        }
        if let file = try interface.limitFile(&pids, "pids.max") {
            reading.limits["pids_max"] = .optional(try CgroupValue.limit(file.text, path: file.path))
        }
        if let file = try interface.limitFile(&cpuset, "cpuset.effective_cpus", orElse: "cpuset.cpus") {
            reading.limits["cpuset_cpus"] = .text(String(file.text.trimmedOfWhitespace))
        }
        let memoryCurrent = try interface.counter(&memory, "memory.usage_in_bytes")
        let pidsCurrent = try interface.counter(&pids, "pids.current")
        let oomKills = try interface.counter(&memory, "memory.oom_control", key: "oom_kill")
        let cpuUsage = try interface.counter(&cpuacct, "cpuacct.usage").map { $0 / 1000 }
        reading.usage = [
            "memory_current": .optional(memoryCurrent), "pids_current": .optional(pidsCurrent),
            "oom_kills": .optional(oomKills), "cpu_usage_usec": .optional(cpuUsage),
        ]
        return reading
    }
}
