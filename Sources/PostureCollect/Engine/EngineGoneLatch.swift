import Foundation

/// Whether one engine was found gone during a collect, and the requests to it still in flight,
/// which are cancelled the moment it is: a request waiting for a connection to a socket that
/// vanished would otherwise retry until its own timeout.
///
/// Holds a reason (the first failure that showed the engine gone) and a cancel action per
/// request in flight. Safe to use from any number of tasks.
final class EngineGoneLatch: @unchecked Sendable {
    private var reason: String?
    private var inFlight: [Int: @Sendable () -> Void] = [:]
    private var nextID = 0
    private let lock = NSLock()

    /// Why the engine was found gone; `nil` while it answers.
    var goneReason: String? { lock.withLock { reason } }

    /// Records the engine as gone (the first reason stays) and cancels every request in flight.
    func markGone(_ why: String) {
        let cancels: [@Sendable () -> Void] = lock.withLock {
            if reason == nil { reason = why }
            defer { inFlight.removeAll() }
            return Array(inFlight.values)
        }
        cancels.forEach { $0() }
    }

    /// Runs `operation` in its own task, which ``markGone(_:)`` (or cancelling the caller)
    /// cancels.
    func run<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await operation() }
        let id: Int? = lock.withLock {
            guard reason == nil else { return nil }
            nextID += 1
            inFlight[nextID] = { task.cancel() }
            return nextID
        }
        if id == nil { task.cancel() }
        defer { if let id { lock.withLock { _ = inFlight.removeValue(forKey: id) } } }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }
}
