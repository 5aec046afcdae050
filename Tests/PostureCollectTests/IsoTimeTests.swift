import Foundation
import Testing
@testable import PostureCollect

@Suite("ISO-8601 times from Unix seconds")
struct IsoTimeTests {
    @Test("written as ISO8601DateFormatter writes them", arguments: [
        Int64(0), 1, 59, 951_782_400, 1_700_000_000, 1_795_936_140, 4_102_444_799, 253_402_300_799,
    ])
    func matchesFoundation(_ seconds: Int64) {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        #expect(isoTime(unixSeconds: seconds) == formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))))
    }

    @Test("a time beyond struct tm's years does not trap")
    func farFuture() {
        #expect(!isoTime(unixSeconds: Int64.max / 2).isEmpty)
        #expect(!isoTime(unixSeconds: Int64.min / 2).isEmpty)
    }
}
