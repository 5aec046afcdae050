import PostureFacts

/// Collector `processes`: the security the kernel enforces on each running container's init
/// process: capabilities, no_new_privs, seccomp mode, uids and gids as the host sees them.
/// Reads `/proc/<pid>/status` below the host root (or takes what ``ContainerHostReadings`` read
/// while the engine was collected). Fills `container_processes`.
struct ProcessCollector {
    static let columns = [
        "engine_id", "container_id", "process_name", "cap_eff", "cap_prm", "cap_bnd", "cap_inh", "cap_amb",
        "cap_eff_count", "no_new_privs", "seccomp_mode", "uid", "euid", "gid", "egid", "groups", "nspid",
    ]

    let readings: ContainerHostReadings

    func collect(engine: HostEngine, containers: [HostContainer]) -> CollectorResult {
        let outcome = CollectorOutcome(collector: "processes", engineID: engine.engineID)
        let running = containers.filter { $0.pid != nil }
        var failures: [(item: String, error: HostError)] = []
        var rows: [[String: FactValue]] = []
        for container in running {
            do {
                var row = try readings.process(
                    engineID: engine.engineID, containerID: container.containerID, pid: container.pid!
                )
                row["engine_id"] = .text(engine.engineID)
                row["container_id"] = .text(container.containerID)
                rows.append(row)
            } catch {
                failures.append((container.containerID, error))
            }
        }
        var set = FactSet(
            table: "container_processes", columns: Self.columns, keyColumns: ["container_id"],
            scope: ["engine_id": .text(engine.engineID)], mode: failures.isEmpty ? .complete : .partial)
        rows.forEach { set.append($0) }
        return outcome.result(
            CollectorOutcome.status(items: running.count, failures: failures),
            error: CollectorOutcome.describe(items: running.count, noun: "containers", failures: failures),
            itemCount: set.rows.count, facts: [set])
    }

    /// The facts of `/proc/<pid>/status`.
    static func row(pid: Int, files: HostFiles) throws(HostError) -> [String: FactValue] {
        let path = "/proc/\(pid)/status"
        let status: ProcStatus
        do {
            status = ProcStatus(text: try files.read(path, .kernelAttribute))
        } catch .notFound(let missing) {
            throw .processGone(pid: pid, path: missing)
        }
        guard let capEff = status["CapEff"], let capPrm = status["CapPrm"], let capBnd = status["CapBnd"],
            let count = ProcStatus.capabilityCount(capEff)
        else {
            throw .malformed(path: files.resolve(path, followLast: true), reason: "no CapEff, CapPrm or CapBnd line")
        }
        return [
            "process_name": .optional(status.name), "cap_eff": .text(capEff), "cap_prm": .text(capPrm),
            "cap_bnd": .text(capBnd), "cap_inh": .optional(status["CapInh"]), "cap_amb": .optional(status["CapAmb"]),
            "cap_eff_count": .optional(count), "no_new_privs": .optional(status.integer("NoNewPrivs")),
            "seccomp_mode": .optional(status.integer("Seccomp")), "uid": .optional(status.realUID),
            "euid": .optional(status.effectiveUID), "gid": .optional(status.realGID),
            "egid": .optional(status.effectiveGID),
            "groups": .text(status.integers("Groups").map(String.init).joined(separator: ",")),
            "nspid": .optional(status.innermostPID),
        ]
    }
}
