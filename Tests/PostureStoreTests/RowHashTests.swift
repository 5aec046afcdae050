import Foundation
import PostureFacts
import Testing
@testable import PostureStore

@Suite("row hash")
struct RowHashTests {
    @Test("the serialisation is pinned: hashes stored by earlier versions keep matching")
    func pinnedValue() {
        // sha256("a\0t1:x\xff" + "b\0i1:1\xff" + "c\0t0:\xff"), first 16 bytes: columns sorted by
        // name, NULLs left out.
        let hash = RowHash.of(columns: ["b", "c", "a", "d"], values: [.int(1), .text(""), .text("x"), .null])
        #expect(hash.map { String(format: "%02x", $0) }.joined() == "61179f825825b460c4d718cd1d698426")
    }

    @Test("a reused hasher gives each row the hash it would get alone")
    func reuseIsStateless() {
        let columns = ["name", "memory_limit", "image"]
        let rows: [[FactValue]] = [["web", .int(512), "nginx"], ["db", .null, "postgres"], ["web", .int(512), "nginx"]]
        var hasher = RowHash.Hasher(columns: columns)
        let reused = rows.map { hasher.hash($0) }
        #expect(reused == rows.map { RowHash.of(columns: columns, values: $0) })
        #expect(reused[0] == reused[2] && reused[0] != reused[1])
    }
}
