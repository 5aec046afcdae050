import Foundation

/// Maps `items` through `transform` with at most `limit` running at once, keeping order.
func boundedMap<T: Sendable, R: Sendable>(
    _ items: [T], limit: Int, _ transform: @escaping @Sendable (T) async -> R
) async -> [R] {
    var results = [R?](repeating: nil, count: items.count)
    await withTaskGroup(of: (Int, R).self) { group in
        var next = 0
        for _ in 0..<min(max(limit, 1), items.count) {
            let i = next
            group.addTask { (i, await transform(items[i])) }
            next += 1
        }
        for await (i, result) in group {
            results[i] = result
            if next < items.count {
                let j = next
                group.addTask { (j, await transform(items[j])) }
                next += 1
            }
        }
    }
    return results.map { $0! }
}

/// A count of free slots shared by tasks that must not run more than `count` at once, though
/// started by separate ``boundedMap(_:limit:_:)`` calls. Waiters are served first come, first
/// served.
final class InspectSlots: @unchecked Sendable {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private let lock = NSLock()

    init(_ count: Int) { free = max(count, 1) }

    /// Waits for a free slot and takes it.
    func take() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now: Bool = lock.withLock {
                if free > 0 {
                    free -= 1
                    return true
                }
                waiting.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Gives a slot back, to the first waiter if there is one.
    func give() {
        let next: CheckedContinuation<Void, Never>? = lock.withLock {
            if waiting.isEmpty {
                free += 1
                return nil
            }
            return waiting.removeFirst()
        }
        next?.resume()
    }
}

/// Milliseconds since `start`.
func elapsedMs(since start: ContinuousClock.Instant) -> Int {
    let d = ContinuousClock.now - start
    return Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
}
