import Crypto
import Foundation
import PostureFacts

/// Content hash of a fact row: SHA-256 over its non-NULL (column, value) pairs sorted by
/// column name, truncated to 16 bytes.
///
/// NULL and absent columns hash alike, so a migration that adds a nullable column does not
/// make every open version look changed. The pairs are serialised into one buffer (name, a
/// type tag, the value's length and bytes) and hashed once: this runs for every row of every
/// collect.
enum RowHash {
    static func of(columns: [String], values: [FactValue]) -> Data {
        var order = Array(columns.indices)
        order.sort { columns[$0] < columns[$1] }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(columns.count * 24)
        for i in order where i < values.count {
            let text: String
            let tag: UInt8
            switch values[i] {
            case .null: continue
            case .int(let v): tag = 0x69; text = String(v)
            case .double(let v): tag = 0x64; text = String(v)
            case .text(let v): tag = 0x74; text = v
            }
            buffer.append(contentsOf: columns[i].utf8)
            buffer.append(0)
            buffer.append(tag)
            buffer.append(contentsOf: String(text.utf8.count).utf8)
            buffer.append(0x3A)
            buffer.append(contentsOf: text.utf8)
            buffer.append(0xFF)
        }
        return Data(SHA256.hash(data: buffer).prefix(16))
    }
}
