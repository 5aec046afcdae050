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
            value(values).data
        }

        /// The hash as a ``RowHashValue`` (what ``FactSetWriter`` compares and binds).
        mutating func value(_ values: [FactValue]) -> RowHashValue {
            buffer.removeAll(keepingCapacity: true)
            for i in order where i < values.count {
                switch values[i] {
                case .null: continue
                case .int(let v): appendInteger(names[i], v)
                case .double(let v): append(names[i], 0x64, String(v))
                case .text(let v): append(names[i], 0x74, v)
                }
            }
            var sha = SHA256()
            buffer.withUnsafeBytes { sha.update(bufferPointer: $0) }
            return sha.finalize().withUnsafeBytes { RowHashValue($0) }
        }

        /// What `append(name, 0x69, String(v))` appends, without making the string: integers
        /// are most of the values of a large collect (ids, limits, flags).
        private mutating func appendInteger(_ name: [UInt8], _ v: Int64) {
            // Digits from the right of a 20-byte scratch (19 digits and a sign at most).
            var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
            withUnsafeMutableBytes(of: &scratch) { digits in
                var magnitude = v.magnitude
                var start = 20
                repeat {
                    start -= 1
                    digits[start] = 0x30 + UInt8(magnitude % 10)
                    magnitude /= 10
                } while magnitude > 0
                if v < 0 {
                    start -= 1
                    digits[start] = 0x2D
                }
                buffer.append(contentsOf: name)
                buffer.append(0x69)
                appendDecimal(20 - start)
                buffer.append(0x3A)
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: digits[start..<20]))
                buffer.append(0xFF)
            }
        }

        private mutating func append(_ name: [UInt8], _ tag: UInt8, _ text: String) {
            var text = text
            buffer.append(contentsOf: name)
            buffer.append(tag)
            appendDecimal(text.utf8.count)
            buffer.append(0x3A)
            text.withUTF8 { buffer.append(contentsOf: $0) }
            buffer.append(0xFF)
        }

        /// `String(n).utf8`, without making the string.
        private mutating func appendDecimal(_ n: Int) {
            if n < 10 {
                buffer.append(0x30 + UInt8(n))
                return
            }
            let start = buffer.count
            var n = n
            while n > 0 {
                buffer.append(0x30 + UInt8(n % 10))
                n /= 10
            }
            buffer[start...].reverse()
        }
    }
}

/// The 16 bytes of a row hash as a value: compared and hashed without allocating (a `Data` of
/// 16 bytes is stored on the heap), bound as a 16-byte blob.
struct RowHashValue: Hashable {
    private var high: UInt64
    private var low: UInt64

    /// `bytes` as a digest; `nil` unless they are 16 (a stored hash of another length never
    /// matches).
    init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 16 else { return nil }
        self.init(bytes)
    }

    /// Expects at least 16 bytes.
    fileprivate init(_ bytes: UnsafeRawBufferPointer) {
        high = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
        low = bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
    }

    /// Calls `body` with the 16 bytes, in the order they were read.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: (high, low)) { try body($0) }
    }

    var data: Data { withUnsafeBytes { Data($0) } }
}
