import Dispatch
import PostureChecks

/// Parses the check catalogue (``CheckCatalog/load()``) on a thread of its own from the moment
/// it is made; ``catalog()`` waits for it.
///
/// `collect` starts it as the snapshot's facts are written: the checks run last, inside the
/// same transaction, and on a small host the write leaves a core idle. A thread of its own (not
/// the cooperative pool) so that waiting for it from the write can not starve it.
final class CatalogLoading: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Set once on the loading thread before `done` is signalled; read only after waiting.
    private var result: Result<CheckCatalog, any Error>?

    init() {
        DispatchQueue(label: "posture.catalog-loading").async { [self] in
            result = Result { try CheckCatalog.load() }
            done.signal()
        }
    }

    /// The catalogue, once parsed; throws what parsing threw. May be called more than once.
    func catalog() throws -> CheckCatalog {
        done.wait()
        defer { done.signal() }
        return try result!.get()
    }
}
