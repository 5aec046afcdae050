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

    @Test("the 16-byte value the writer compares is the stored hash, and only a 16-byte blob reads as one")
    func valueMatchesData() {
        let columns = ["name", "memory_limit"]
        let row: [FactValue] = ["web", .int(512)]
        var hasher = RowHash.Hasher(columns: columns)
        let value = hasher.value(row)
        let data = RowHash.of(columns: columns, values: row)
        #expect(value.data == data)
        #expect(data.withUnsafeBytes { RowHashValue(bytes: $0) } == value)
        #expect(data.prefix(15).withUnsafeBytes { RowHashValue(bytes: $0) } == nil)
        #expect((data + [0]).withUnsafeBytes { RowHashValue(bytes: $0) } == nil)
    }

    @Test("value lengths of ten and more are written in full (the serialisation, not only the hash, is pinned)")
    func longValues() {
        // sha256("a\0t12:abcdefghijkl\xff" + "b\0t120:" + 120 × "x" + "\xff"), first 16 bytes.
        let hash = RowHash.of(columns: ["b", "a"], values: [.text(String(repeating: "x", count: 120)), .text("abcdefghijkl")])
        #expect(hash.lowercaseHex == "ad943b7ee4dbd308137c4f79e54d8bb2")
    }
}
