import Crypto
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

    @Test("integers, doubles and texts of every shape serialise as the plain rule says: name, tag, length, value")
    func encodingMatchesTheRule() {
        // The rule, written plainly: what the hasher's faster encoding must equal byte for byte.
        func reference(_ columns: [String], _ values: [FactValue]) -> Data {
            var bytes: [UInt8] = []
            for i in columns.indices.sorted(by: { columns[$0] < columns[$1] }) where i < values.count {
                let (tag, text): (UInt8, String)
                switch values[i] {
                case .null: continue
                case .int(let v): (tag, text) = (0x69, String(v))
                case .double(let v): (tag, text) = (0x64, String(v))
                case .text(let v): (tag, text) = (0x74, v)
                }
                bytes += Array(columns[i].utf8) + [0, tag] + Array(String(text.utf8.count).utf8) + [0x3A] + Array(text.utf8) + [0xFF]
            }
            return Data(SHA256.hash(data: bytes).prefix(16))
        }
        let integers: [Int64] = [0, 1, 9, 10, 99, 100, -1, -9, -10, 512, 1 << 31, -(1 << 31), 1 << 53, .max, .min, .max - 1, .min + 1]
        let texts = ["", "x", "web-1", "caf\u{e9}", "\u{1F433} whale", String(repeating: "y", count: 1000)]
        let doubles = [0.0, -0.5, 1e300, 3.25]
        let columns = ["memory_limit", "name", "cpu", "a", "zeta"]
        var rows: [[FactValue]] = []
        for (i, integer) in integers.enumerated() {
            rows.append([.int(integer), .text(texts[i % texts.count]), .double(doubles[i % doubles.count]), .null, .int(0 &- integer &+ 7)])
        }
        rows.append([.null, .null, .null, .null, .null])
        rows.append([.int(1)])  // fewer values than columns
        var hasher = RowHash.Hasher(columns: columns)
        for row in rows {
            #expect(hasher.hash(row) == reference(columns, row), "\(row)")
        }
    }

    @Test("value lengths of ten and more are written in full (the serialisation, not only the hash, is pinned)")
    func longValues() {
        // sha256("a\0t12:abcdefghijkl\xff" + "b\0t120:" + 120 × "x" + "\xff"), first 16 bytes.
        let hash = RowHash.of(columns: ["b", "a"], values: [.text(String(repeating: "x", count: 120)), .text("abcdefghijkl")])
        #expect(hash.lowercaseHex == "ad943b7ee4dbd308137c4f79e54d8bb2")
    }
}
