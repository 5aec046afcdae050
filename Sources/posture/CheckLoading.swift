import Dispatch
import Foundation
import PostureChecks
import PostureStore

/// Gets the checks ready for `collect` on a thread of its own, from ``start(preparingOn:)``:
/// parses the check catalogue (``CheckCatalog/load()``), then, given the store, prepares the
/// per-container checks on its write connection (``CheckRunner/prepareScoped(in:)``).
///
/// `collect` starts it once the store is open, while the engines still answer: on a small
/// change, preparing the per-container checks costs more than running them for the few
/// containers that changed, and the connection is idle until the answers are in. A thread of
/// its own (not the cooperative pool) so that waiting for it from the write can not starve it.
///
/// Reads the catalogue and, when preparing, the schema; writes TEMP tables only (the container
/// shadows, which the snapshot's write drops).
final class CheckLoading: @unchecked Sendable {
    private let queue = DispatchQueue(label: "posture.check-loading")
    private let group = DispatchGroup()
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var started = false
    /// Set on `queue` before `group` is left; read only after waiting for it.
    private var result: Result<CheckCatalog, any Error>?
    private var preparedChecks: PreparedChecks?

    /// Starts parsing the catalogue, then preparing the per-container checks on `store` when
    /// one is given. Only the first call does anything.
    func start(preparingOn store: PostureDatabase?) {
        let first = lock.withLock {
            defer { started = true }
            return !started
        }
        guard first else { return }
        queue.async(group: group) { [self] in
            result = Result { try CheckCatalog.load() }
            guard let store, case .success(let catalog) = result else { return }
            // Not ready is not an error: the checks are then prepared when they run.
            preparedChecks = try? store.onWriteConnection { try CheckRunner(catalog: catalog).prepareScoped(in: $0) }
        }
    }

    /// The catalogue, once parsed (started now if it was not); throws what parsing threw.
    func catalog() throws -> CheckCatalog {
        start(preparingOn: nil)
        group.wait()
        return try result!.get()
    }

    /// The checks prepared ahead, once they are; `nil` when none were. Not from inside a
    /// transaction of the store: preparing waits for its connection.
    func prepared() -> PreparedChecks? {
        start(preparingOn: nil)
        group.wait()
        return preparedChecks
    }
}
