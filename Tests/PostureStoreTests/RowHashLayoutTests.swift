import Foundation
import PostureFacts
@testable import PostureStore
import Testing

/// `RowHash.Layout` (one column order per fact set, one reused buffer) gives exactly the hashes
/// of `RowHash.of(columns:values:)`, so versions written before and after it compare equal.
@Suite struct RowHashLayoutTests {
    @Test func sameHashesAsRowHashOf() {
        let columns = ["scan_id", "severity", "cvss_score", "b", "a", "title", "count", "empty"]
        var generator = SystemRandomNumberGenerator()
        let layout = RowHash.Layout(columns: columns)
        for i in 0..<500 {
            let values: [FactValue] = columns.indices.map { c in
                switch (i + c) % 5 {
                case 0: return .null
                case 1: return .int(Int64.random(in: -1_000_000...1_000_000, using: &generator))
                case 2: return .double(Double.random(in: -10...10, using: &generator))
                case 3: return .text(String(repeating: "é✓x", count: Int.random(in: 0...40, using: &generator)))
                default: return .text("")
                }
            }
            #expect(layout.hash(values) == RowHash.of(columns: columns, values: values), "row \(i): \(values)")
        }
        // Fewer values than columns: the missing ones count as NULL, as in RowHash.of.
        #expect(layout.hash([.text("x")]) == RowHash.of(columns: columns, values: [.text("x")]))
        #expect(layout.hash([.text("x")]) == RowHash.of(columns: ["scan_id"], values: [.text("x")]))
    }
}
