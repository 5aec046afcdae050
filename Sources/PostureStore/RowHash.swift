import Crypto
import Foundation
import PostureFacts

/// Content hash of a fact row: SHA-256 over its non-NULL (column, value) pairs sorted by
/// column name, truncated to 16 bytes.
///
/// NULL and absent columns hash alike, so a migration that adds a nullable column does not
/// make every open version look changed. The pairs are serialised into one buffer (name, a
/// type tag, the value's length and bytes) and hashed once: this runs for every row of every
/// collect, so a ``Hasher`` keeps the column order and the buffer across the rows of one set.
enum RowHash {
    static func of(columns: [String], values: [FactValue]) -> Data {
        var hasher = Hasher(columns: columns)
        return hasher.hash(values)
    }

    /// Hashes the rows of one fact set: the column names are sorted and encoded once.
    struct Hasher {
        private let order: [Int]
        private let names: [[UInt8]]
        private var buffer: [UInt8] = []

        init(columns: [String]) {
            order = columns.indices.sorted { columns[$0] < columns[$1] }
            names = columns.map { Array($0.utf8) + [0] }
            buffer.reserveCapacity(columns.count * 32)
        }

        mutating func hash(_ values: [FactValue]) -> Data {
            buffer.removeAll(keepingCapacity: true)
            for i in order where i < values.count {
                let tag: UInt8
                switch values[i] {
                case .null: continue
                case .int(let v): tag = 0x69; append(names[i], tag, String(v))
                case .double(let v): tag = 0x64; append(names[i], tag, String(v))
                case .text(let v): tag = 0x74; append(names[i], tag, v)
                }
            }
            return Data(SHA256.hash(data: buffer).prefix(16))
        }

        private mutating func append(_ name: [UInt8], _ tag: UInt8, _ text: String) {
            buffer.append(contentsOf: name)
            buffer.append(tag)
            buffer.append(contentsOf: String(text.utf8.count).utf8)
            buffer.append(0x3A)
            buffer.append(contentsOf: text.utf8)
            buffer.append(0xFF)
        }
    }
}
