import Foundation
import PostureFacts

/// An engine whose host facts are collected: its identity, kind and unix socket on this host.
public struct HostEngine: Sendable, Equatable {
    public let engineID: String
    /// `docker` or `podman`.
    public let kind: String
    /// Unix socket path on the host; `nil` for `tcp://` engines (their host is elsewhere).
    public let socketPath: String?
    /// Whether the engine reported itself rootless (`SecurityOptions` `name=rootless`); `nil` when unknown.
    public let rootless: Bool?
    /// Where the daemon's configuration is, when known from elsewhere: a `daemon.json` or
    /// `containers.conf` path used when the command line names none, or a `.pid` file that
    /// identifies the daemon process.
    public let configFileHint: String?
    /// Host pid of the daemon found for this engine at the last snapshot (`daemons.pid`): if it
    /// still holds the socket it is the daemon, and no other process is looked at.
    public let lastDaemonPID: Int?

    public init(
        engineID: String, kind: String, socketPath: String?, rootless: Bool? = nil, configFileHint: String? = nil,
        lastDaemonPID: Int? = nil
    ) {
        self.engineID = engineID
        self.kind = kind
        self.socketPath = socketPath
        self.rootless = rootless
        self.configFileHint = configFileHint
        self.lastDaemonPID = lastDaemonPID
    }
}

/// A container of an engine, as far as the host collectors need it.
public struct HostContainer: Sendable {
    public let engineID: String
    public let containerID: String
    /// Host pid of the container's init process; `nil` when the container is not running.
    public let pid: Int?

    public init(engineID: String, containerID: String, pid: Int?) {
        self.engineID = engineID
        self.containerID = containerID
        self.pid = pid
    }
}

/// Host truth for each engine: the collectors `daemon` (`daemons`, `daemon_config`),
/// `host-access` (`host_access`), `cgroups` (`cgroup_limits`, `container_usage`) and
/// `processes` (`container_processes`), all read from `/proc`, `/sys/fs/cgroup` and `/etc`
/// below `hostRoot`.
///
/// Never throws: whatever can not be read becomes a result with status `partial`, `failed` or
/// `skipped` and an error saying what, on what, and what to do. Remote (`tcp://`) engines are
/// skipped: their host facts need posture on their host.
public struct HostCollector: Sendable {
    public let files: HostFiles

    public init(hostRoot: String = "/") {
        files = HostFiles(root: hostRoot)
    }

    /// Four results per engine, in the order daemon, host-access, cgroups, processes.
    /// `readings` holds containers already read while their engine was collected, `daemons` the
    /// daemon and host-access results of engines started early (both made with the same host
    /// root); the others are read now.
    public func collect(
        engines: [HostEngine], containers: [HostContainer], readings: ContainerHostReadings? = nil,
        daemons: EarlyDaemonReadings? = nil
    ) -> [CollectorResult] {
        let context = HostContext(files: files)
        readings?.finishPending()
        let readings = readings ?? ContainerHostReadings(hostRoot: files.root)
        var results: [CollectorResult] = []
        for engine in engines {
            guard let socket = engine.socketPath else {
                for name in ["daemon", "host-access", "cgroups", "processes"] {
                    let outcome = CollectorOutcome(collector: name, engineID: engine.engineID)
                    results.append(outcome.result(.skipped, error: HostError.remoteEngine.description))
                }
                continue
            }
            let own = containers.filter { $0.engineID == engine.engineID }
            // Three lanes at once: the per-container readers (cgroups, processes) share
            // nothing, and the daemon and host-access collectors share `context` on one thread.
            let lanes = LaneResults(count: 3)
            // Only lane 0 touches the context, and lanes of one engine finish before the next.
            nonisolated(unsafe) let context = context
            DispatchQueue.concurrentPerform(iterations: 3) { lane in
                switch lane {
                case 0:
                    lanes.set(0, daemons?.results(for: engine) ?? Self.daemonLane(engine: engine, socket: socket, context: context))
                case 1: lanes.set(1, [CgroupCollector(readings: readings).collect(engine: engine, containers: own)])
                default: lanes.set(2, [ProcessCollector(readings: readings).collect(engine: engine, containers: own)])
                }
            }
            results += lanes.all
        }
        return results
    }

    /// The `daemon` and `host-access` results of one engine, which share `context`.
    static func daemonLane(engine: HostEngine, socket: String, context: HostContext) -> [CollectorResult] {
        [
            DaemonCollector(context: context).collect(engine: engine, socket: socket),
            HostAccessCollector(context: context).collect(engine: engine, socket: socket),
        ]
    }
}

/// The results of concurrent lanes, kept in lane order.
private final class LaneResults: @unchecked Sendable {
    private var lanes: [[CollectorResult]]
    private let lock = NSLock()

    init(count: Int) { lanes = Array(repeating: [], count: count) }

    func set(_ lane: Int, _ results: [CollectorResult]) { lock.withLock { lanes[lane] = results } }

    var all: [CollectorResult] { lock.withLock { lanes.flatMap { $0 } } }
}
