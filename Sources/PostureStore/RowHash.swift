import Crypto
import Foundation
import PostureFacts

/// Content hash of a fact row: SHA-256 over its non-NULL (column, value) pairs sorted by
/// column name, truncated to 16 bytes.
///
/// NULL and absent columns hash alike, so a migration that adds a nullable column does not
/// make every open version look changed.
enum RowHash {
    static func of(columns: [String], values: [FactValue]) -> Data {
        var pairs: [(String, FactValue)] = []
        pairs.reserveCapacity(columns.count)
        for (column, value) in zip(columns, values) where value != .null {
            pairs.append((column, value))
        }
        pairs.sort { $0.0 < $1.0 }
        var hasher = SHA256()
        for (column, value) in pairs {
            hasher.update(data: Data(column.utf8))
            switch value {
            case .null: break
            case .int(let v): hasher.update(data: Data("\u{0}i\(v)".utf8))
            case .double(let v): hasher.update(data: Data("\u{0}d\(v)".utf8))
            case .text(let v):
                hasher.update(data: Data("\u{0}t\(v.utf8.count):".utf8))
                hasher.update(data: Data(v.utf8))
            }
            hasher.update(data: Data([0xFF]))
        }
        return Data(hasher.finalize().prefix(16))
    }
}
