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

/// Milliseconds since `start`.
func elapsedMs(since start: ContinuousClock.Instant) -> Int {
    let d = ContinuousClock.now - start
    return Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
}
