import Foundation
import Testing

@testable import PostureCollect

/// ``InspectSlots`` bounds the inspects of two separate ``boundedMap(_:limit:_:)`` calls (the
/// early ones of known containers and the late ones of new containers) together.
@Suite("inspect slots")
struct InspectSlotsTests {
    /// Counts tasks inside the slots at once.
    final class Gauge: @unchecked Sendable {
        private let lock = NSLock()
        private var now = 0
        private(set) var peak = 0
        private(set) var done = 0

        func enter() { lock.withLock { now += 1; peak = max(peak, now) } }
        func leave() { lock.withLock { now -= 1; done += 1 } }
    }

    @Test("two maps of 8 tasks each, 3 slots: never more than 3 inside, every task served")
    func sharedBound() async {
        let slots = InspectSlots(3)
        let gauge = Gauge()
        let work: @Sendable (Int) async -> Int = { i in
            await slots.take()
            gauge.enter()
            try? await Task.sleep(for: .milliseconds(5))
            gauge.leave()
            slots.give()
            return i * 2
        }
        async let first = boundedMap(Array(0..<8), limit: 8, work)
        async let second = boundedMap(Array(8..<16), limit: 8, work)
        let (a, b) = await (first, second)
        #expect(a == (0..<8).map { $0 * 2 })
        #expect(b == (8..<16).map { $0 * 2 })
        #expect(gauge.done == 16)
        #expect(gauge.peak <= 3)
        #expect(gauge.peak >= 2, "the slots never let tasks run together")
    }

    @Test("a count below one still lets one task through at a time")
    func atLeastOne() async {
        let slots = InspectSlots(0)
        let gauge = Gauge()
        _ = await boundedMap(Array(0..<4), limit: 4) { i in
            await slots.take()
            gauge.enter()
            try? await Task.sleep(for: .milliseconds(2))
            gauge.leave()
            slots.give()
            return i
        }
        #expect(gauge.done == 4)
        #expect(gauge.peak == 1)
    }
}
