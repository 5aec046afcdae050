import PostureFacts

/// Collector `cgroups`: the limits the kernel enforces on each running container, and its
/// usage at this snapshot. Reads the files listed in ``CgroupReader`` (or takes what
/// ``ContainerHostReadings`` read while the engine was collected). Fills `cgroup_limits`
/// (versioned) and `container_usage` (samples).
struct CgroupCollector {
    static let limitColumns = [
        "engine_id", "container_id", "cgroup_version", "cgroup_path", "memory_max", "memory_swap_max", "cpu_quota",
        "cpu_period", "cpu_weight", "cpu_shares", "pids_max", "cpuset_cpus", "missing_files",
    ]
    static let usageColumns = [
        "engine_id", "container_id", "memory_current", "pids_current", "oom_kills", "cpu_usage_usec",
    ]

    let readings: ContainerHostReadings

    func collect(engine: HostEngine, containers: [HostContainer]) -> CollectorResult {
        let outcome = CollectorOutcome(collector: "cgroups", engineID: engine.engineID)
        let running = containers.filter { $0.pid != nil }
        var failures: [(item: String, error: HostError)] = []
        var limits: [[String: FactValue]] = []
        var usage: [[String: FactValue]] = []
        for container in running {
            do {
                let reading = try readings.cgroup(
                    engineID: engine.engineID, containerID: container.containerID, pid: container.pid!
                )
                let ids: [String: FactValue] = [
                    "engine_id": .text(engine.engineID), "container_id": .text(container.containerID),
                ]
                limits.append(reading.limits.merging(ids) { $1 })
                usage.append(reading.usage.merging(ids) { $1 })
            } catch {
                failures.append((container.containerID, error))
            }
        }
        var limitSet = FactSet(
            table: "cgroup_limits", columns: Self.limitColumns, keyColumns: ["container_id"],
            scope: ["engine_id": .text(engine.engineID)], mode: failures.isEmpty ? .complete : .partial)
        limits.forEach { limitSet.append($0) }
        var usageSet = SampleSet(table: "container_usage_samples", columns: Self.usageColumns)
        usage.forEach { usageSet.append($0) }
        return outcome.result(
            CollectorOutcome.status(items: running.count, failures: failures),
            error: CollectorOutcome.describe(items: running.count, noun: "containers", failures: failures),
            itemCount: limitSet.rows.count, facts: [limitSet], samples: [usageSet])
    }
}
