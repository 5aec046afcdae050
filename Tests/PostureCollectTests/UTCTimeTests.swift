import Foundation
import PostureFacts
import Testing

@Suite("ISO-8601 UTC times")
struct UTCTimeTests {
    @Test("written as ISO8601DateFormatter writes them", arguments: [
        Int64(0), 1, 59, 951_782_400, 1_700_000_000, 1_795_936_140, 4_102_444_799, 253_402_300_799,
    ])
    func matchesFoundation(_ seconds: Int64) {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        #expect(UTCTime.string(unixSeconds: seconds) == formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))))
    }

    @Test("now is the current second, as ISO8601DateFormatter writes it")
    func now() {
        let formatter = ISO8601DateFormatter()
        let before = formatter.string(from: Date())
        let now = UTCTime.now()
        let after = formatter.string(from: Date())
        #expect(now == before || now == after)
        #expect(now.count == 20 && now.hasSuffix("Z"))
    }

    @Test("a time beyond struct tm's years does not trap")
    func farFuture() {
        #expect(!UTCTime.string(unixSeconds: Int64.max / 2).isEmpty)
        #expect(!UTCTime.string(unixSeconds: Int64.min / 2).isEmpty)
    }
}
