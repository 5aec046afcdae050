import Crypto
import Foundation
import PostureFacts

extension RowHash {
    /// ``RowHash/of(columns:values:)`` for many rows of the same columns: the column order and
    /// each column's serialised name are worked out once, and one buffer is reused, so a row
    /// costs its values' bytes and one SHA-256. Gives exactly the hashes of `of(columns:values:)`
    /// (`RowHashLayoutTests` compares them).
    final class Layout {
        private let order: [Int]
        /// Per column index: its name's UTF-8 bytes and the NUL separator.
        private let names: [[UInt8]]
        private var buffer: [UInt8] = []

        init(columns: [String]) {
            order = columns.indices.sorted { columns[$0] < columns[$1] }
            names = columns.map { Array($0.utf8) + [0] }
            buffer.reserveCapacity(columns.count * 32)
        }

        func hash(_ values: [FactValue]) -> Data {
            buffer.removeAll(keepingCapacity: true)
            for i in order where i < values.count {
                switch values[i] {
                case .null: continue
                case .int(let v): append(i, tag: 0x69, String(v))
                case .double(let v): append(i, tag: 0x64, String(v))
                case .text(let v): append(i, tag: 0x74, v)
                }
            }
            let digest = SHA256.hash(data: buffer)
            return digest.withUnsafeBytes { Data($0.prefix(16)) }
        }

        private func append(_ column: Int, tag: UInt8, _ text: String) {
            buffer.append(contentsOf: names[column])
            buffer.append(tag)
            var text = text
            text.withUTF8 { bytes in
                appendDecimal(bytes.count)
                buffer.append(0x3A)
                buffer.append(contentsOf: bytes)
            }
            buffer.append(0xFF)
        }

        /// `String(n).utf8` for a non-negative `n`, without making the string.
        private func appendDecimal(_ n: Int) {
            if n < 10 {
                buffer.append(0x30 + UInt8(n))
                return
            }
            var digits: [UInt8] = []
            var rest = n
            while rest > 0 {
                digits.append(0x30 + UInt8(rest % 10))
                rest /= 10
            }
            buffer.append(contentsOf: digits.reversed())
        }
    }
}
