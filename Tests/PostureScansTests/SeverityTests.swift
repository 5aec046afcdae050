@testable import PostureScans
import Testing

@Suite struct SeverityTests {
    @Test(arguments: [
        ("CRITICAL", Severity.critical), ("Critical", .critical), ("critical", .critical),
        ("HIGH", .high), ("important", .high), ("MEDIUM", .medium), ("moderate", .medium),
        ("LOW", .low), ("Negligible", .negligible), ("info", .negligible),
        ("UNKNOWN", .unknown), ("Unknown", .unknown), ("", .unknown), ("urgent", .unknown),
    ])
    func normalises(raw: String, expected: Severity) {
        #expect(Severity(normalizing: raw) == expected)
    }

    @Test func missingIsUnknown() {
        #expect(Severity(normalizing: nil) == .unknown)
    }

    @Test func ordersCriticalHighest() {
        #expect(Severity.allCases.sorted(by: >) == [.critical, .high, .medium, .low, .negligible, .unknown])
    }
}
