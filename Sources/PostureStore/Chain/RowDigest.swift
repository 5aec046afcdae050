import Crypto
import Foundation
import GRDBSQLite

/// The content hash of one stored row, recomputed from its column values (never from a stored
/// hash column): SHA-256 over the table name and every non-NULL (column, type, value), columns
/// in name order.
///
/// Values are encoded by their SQLite type: integers and reals as 8 big-endian bytes, text and
/// blobs with an 8-byte length. NULL columns are left out, so a later migration adding a
/// nullable column does not change the hash of existing rows. `valid_to` is never part of it:
/// a version hashes the same when it opens and when it closes.
struct RowDigest {
    /// Columns hashed, in name order: the statement selects exactly these first.
    let columns: [String]
    private let prefix: [UInt8]
    private let names: [[UInt8]]

    init(table: String, columns: [String]) {
        self.columns = columns.sorted()
        prefix = Array("posture-row-v1\u{0}\(table)\u{0}".utf8)
        names = self.columns.map { Array($0.utf8) + [0] }
    }

    /// Hash of the current row of `statement`, whose first `columns.count` result columns are
    /// ``columns`` in order.
    func digest(of statement: RawStatement) -> MultisetDigest {
        var buffer = prefix
        buffer.reserveCapacity(512)
        let s = statement.handle
        for i in 0..<names.count {
            let c = Int32(i)
            let type = sqlite3_column_type(s, c)
            if type == SQLITE_NULL { continue }
            buffer.append(contentsOf: names[i])
            switch type {
            case SQLITE_INTEGER:
                buffer.append(0x69)
                append(UInt64(bitPattern: sqlite3_column_int64(s, c)), to: &buffer)
            case SQLITE_FLOAT:
                buffer.append(0x72)
                append(sqlite3_column_double(s, c).bitPattern, to: &buffer)
            case SQLITE_TEXT:
                buffer.append(0x74)
                let p = sqlite3_column_text(s, c)
                let n = Int(sqlite3_column_bytes(s, c))
                append(UInt64(n), to: &buffer)
                if let p, n > 0 { buffer.append(contentsOf: UnsafeBufferPointer(start: p, count: n)) }
            default:
                buffer.append(0x62)
                let p = sqlite3_column_blob(s, c)
                let n = Int(sqlite3_column_bytes(s, c))
                append(UInt64(n), to: &buffer)
                if let p, n > 0 {
                    buffer.append(contentsOf: UnsafeRawBufferPointer(start: p, count: n))
                }
            }
        }
        return MultisetDigest(sha256: SHA256.hash(data: buffer))
    }

    private func append(_ value: UInt64, to buffer: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) { buffer.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// The select list for ``columns`` (quoted).
    var selectList: String { columns.map(quote).joined(separator: ", ") }
}
