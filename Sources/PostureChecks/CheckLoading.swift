import Dispatch
import Foundation
import PostureStore

/// Gets the checks ready for `collect` on a thread of its own: parses the check catalogue
/// (``CheckCatalog/load()``) and, when told to, then prepares the per-container checks on the
/// store's write connection (``CheckRunner/prepareScoped(in:)``).
///
/// `collect` has them prepared as soon as an engine shows a changed container, while the
/// engines still answer: on a small change, preparing the per-container checks costs more
/// than running them for the few containers that changed, and the connection is idle until
/// the answers are in. On an unchanged host no check runs, so nothing is prepared; the
/// catalogue is then parsed while the snapshot's facts are written. A thread of its own (not
/// the cooperative pool) so that waiting for it from the write can not starve it.
///
/// Reads the catalogue and, when preparing, the schema; writes TEMP tables only (the container
/// shadows, which the snapshot's write drops).
public final class CheckLoading: @unchecked Sendable {
    private let queue = DispatchQueue(label: "posture.check-loading")
    private let lock = NSLock()
    /// Guarded by `lock`: whether the work started, whether it prepares, and whether
    /// ``prepared()`` was asked (no preparation may start after that: it would wait for the
    /// connection the snapshot's write holds).
    private var started = false
    private var preparing = false
    private var settled = false
    /// Signalled (and signalled again by each waiter) once the catalogue is parsed, and once
    /// the preparation is done.
    private let parsed = DispatchSemaphore(value: 0)
    private let preparedDone = DispatchSemaphore(value: 0)
    /// Set on `queue` before the matching semaphore is signalled; read only after waiting.
    private var result: Result<CheckCatalog, any Error>?
    private var preparedChecks: PreparedChecks?

    public init() {}

    /// Starts parsing the catalogue, then, given `store` and unless ``prepared()`` was asked
    /// already, preparing the per-container checks on it. Only the first call does anything.
    public func start(preparingOn store: PostureDatabase?) {
        let work: (start: Bool, prepare: Bool) = lock.withLock {
            guard !started else { return (false, false) }
            started = true
            preparing = store != nil && !settled
            return (true, preparing)
        }
        guard work.start else { return }
        queue.async { [self] in
            result = Result { try CheckCatalog.load() }
            parsed.signal()
            guard work.prepare else { return }
            defer { preparedDone.signal() }
            guard let store, case .success(let catalog) = result else { return }
            // Not ready is not an error: the checks are then prepared when they run.
            preparedChecks = try? store.onWriteConnection { try CheckRunner(catalog: catalog).prepareScoped(in: $0) }
        }
    }

    /// Whether a preparation was started.
    var isPreparing: Bool { lock.withLock { preparing } }

    /// The catalogue, once parsed (started now if it was not); throws what parsing threw.
    /// Waits for the parse only, so it may be called inside the snapshot's write.
    public func catalog() throws -> CheckCatalog {
        start(preparingOn: nil)
        parsed.wait()
        parsed.signal()
        return try result!.get()
    }

    /// The checks prepared ahead, once they are; `nil` when none were started, and none start
    /// afterwards. Not from inside a transaction of the store: preparing needs its connection.
    public func prepared() -> PreparedChecks? {
        let wait = lock.withLock {
            settled = true
            return preparing
        }
        guard wait else { return nil }
        preparedDone.wait()
        preparedDone.signal()
        return preparedChecks
    }
}
