import Dispatch
import Foundation
import PostureFacts
import PostureStore

/// Opens the database for `collect` on a thread of its own, so the engines are already being
/// asked while SQLite reads the schema and the migrations are checked, and reads what the
/// collect needs early from it: the containers of the last snapshot (with their inspect
/// digests), the digests of its images' documents and the daemons found then.
///
/// Opening creates the file owner-only and applies pending migrations (``PostureDatabase``);
/// reads `inspect_digests`, `image_digests`, the open `containers` and `images` versions and the
/// last daemon pids; writes nothing else. What is read early is an optimisation only: when it
/// can not be read, the collect reads every container and image and looks for every daemon, as
/// on a first snapshot.
final class StoreOpening: @unchecked Sendable {
    /// The open store and what was read from it.
    struct Opened: Sendable {
        let store: PostureDatabase
        /// Per engine ID, the containers of the last snapshot.
        let known: [String: [KnownContainer]]
        /// Per engine ID and image ID, the digest of the documents the image's facts come from.
        let knownImages: [String: [String: Data]]
        /// Per engine ID, the pid of the daemon found at the last snapshot.
        let daemonPIDs: [String: Int]
    }

    private let queue = DispatchQueue(label: "posture.store-opening")
    /// Set once, on `queue`, by the first work item; read only on `queue` after it.
    private var outcome: Result<Opened, any Error>?

    /// Starts opening the database at `path` now.
    init(path: String, busyTimeout: TimeInterval) {
        queue.async { [self] in
            outcome = Result {
                let store = try PostureDatabase(path: path, busyTimeout: busyTimeout)
                return Opened(
                    store: store, known: (try? store.knownContainers()) ?? [:],
                    knownImages: (try? store.knownImageDigests()) ?? [:],
                    daemonPIDs: (try? store.lastDaemonPIDs()) ?? [:])
            }
        }
    }

    /// Runs `body` on the opening's thread once the store is open; not at all when opening
    /// failed (``opened()`` then throws why).
    func whenOpen(_ body: @escaping @Sendable (Opened) -> Void) {
        queue.async { [self] in
            if case .success(let opened) = outcome { body(opened) }
        }
    }

    /// The open store and what was read from it, once it is; throws what opening threw.
    func opened() async throws -> Opened {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in continuation.resume(with: outcome!) }
        }
    }

    /// The containers of the last snapshot for one engine, or none when the store could not
    /// be opened.
    func known(engineID: String) async -> [KnownContainer] {
        (try? await opened())?.known[engineID] ?? []
    }

    /// The digests of the images of the last snapshot for one engine, by image ID, or none
    /// when the store could not be opened.
    func knownImages(engineID: String) async -> [String: Data] {
        (try? await opened())?.knownImages[engineID] ?? [:]
    }
}
