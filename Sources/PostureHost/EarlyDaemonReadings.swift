import Foundation
import PostureFacts

/// The `daemon` and `host-access` results of engines collected early: started as soon as an
/// engine's kind is known (its `/info` is read), on their own thread, while the engine is still
/// answering the inspects of its containers, so they no longer follow the whole engine collect.
/// Engines are read one after the other on that thread and share one ``HostContext``, so the
/// host's process names and accounts are read once per collect, as ``HostCollector`` does.
///
/// Reads what ``DaemonCollector`` and ``HostAccessCollector`` read (`/proc`, the daemon's
/// configuration, the socket and `/etc/group`), below the host root; holds the two results until
/// ``HostCollector`` takes them. A result counts only for the engine exactly as it was started
/// (same kind, socket and rootlessness); any other engine is collected when the results are
/// built. Safe to call from any number of tasks at once.
public final class EarlyDaemonReadings: @unchecked Sendable {
    private struct Lane {
        let engine: HostEngine
        let done: DispatchSemaphore
        var results: [CollectorResult]?
    }

    let files: HostFiles
    private var lanes: [String: Lane] = [:]
    private let lock = NSLock()
    /// The lanes' thread, and the context only it touches.
    private let queue = DispatchQueue(label: "posture.early-daemons")
    private let context: HostContext

    public init(hostRoot: String = "/") {
        files = HostFiles(root: hostRoot)
        context = HostContext(files: files)
    }

    /// Starts collecting `engine`'s daemon and host access now (once per engine; remote engines
    /// are not started).
    public func start(_ engine: HostEngine) {
        guard let socket = engine.socketPath else { return }
        let done = DispatchSemaphore(value: 0)
        let started = lock.withLock { () -> Bool in
            guard lanes[engine.engineID] == nil else { return false }
            lanes[engine.engineID] = Lane(engine: engine, done: done, results: nil)
            return true
        }
        guard started else { return }
        queue.async { [self] in
            let results = HostCollector.daemonLane(engine: engine, socket: socket, context: context)
            lock.withLock { lanes[engine.engineID]?.results = results }
            done.signal()
        }
    }

    /// The results started for exactly `engine`, waiting for them if they are still being read;
    /// `nil` when none were started for it.
    func results(for engine: HostEngine) -> [CollectorResult]? {
        guard let lane = lock.withLock({ lanes[engine.engineID] }), lane.engine == engine else { return nil }
        lane.done.wait()
        lane.done.signal()
        return lock.withLock { lanes[engine.engineID]?.results }
    }
}
