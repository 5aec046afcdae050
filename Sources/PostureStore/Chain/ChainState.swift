import Crypto
import Foundation

/// What one snapshot changed in one versioned table: how many versions it opened and closed,
/// and the digest of the opened ones minus the closed ones. For an anchor snapshot: the
/// versions valid in it (`closed` = 0).
struct TableDelta: Equatable, Sendable {
    var opened = 0
    var closed = 0
    var digest = MultisetDigest.zero

    mutating func open(_ d: MultisetDigest) { opened += 1; digest.add(d) }
    mutating func close(_ d: MultisetDigest) { closed += 1; digest.subtract(d) }

    /// This delta followed by `next`, counted as versions valid afterwards.
    mutating func fold(_ next: TableDelta) {
        opened += next.opened - next.closed
        digest.add(next.digest)
    }
}

/// Per-snapshot deltas and record digests, computed from the rows themselves.
struct ChainState {
    /// snapshot → versions table → delta.
    var deltas: [Int64: [String: TableDelta]] = [:]
    /// snapshot → digest of its own rows (snapshots, snapshot_collectors, samples).
    var records: [Int64: MultisetDigest] = [:]

    /// Every version of every versioned table and every snapshot record, hashed once: what
    /// `verify` checks against, and what the first write after migration 0006 records.
    static func recompute(_ connection: OpaquePointer, tables: ChainTables) throws -> ChainState {
        var state = ChainState()
        for table in tables.versioned {
            let n = Int32(table.digest.columns.count)
            let s = try RawStatement(
                connection, "SELECT \(table.digest.selectList), valid_from, valid_to FROM \(quote(table.name))")
            while try s.step() {
                let d = table.digest.digest(of: s)
                if let from = s.int(n) { state.deltas[from, default: [:]][table.name, default: TableDelta()].open(d) }
                if let to = s.int(n + 1) { state.deltas[to, default: [:]][table.name, default: TableDelta()].close(d) }
            }
        }
        for table in tables.records {
            let n = Int32(table.digest.columns.count)
            let s = try RawStatement(
                connection, "SELECT \(table.digest.selectList), \(quote(table.snapshotColumn)) FROM \(quote(table.name))")
            while try s.step() {
                guard let id = s.int(n) else { continue }
                state.records[id, default: .zero].add(table.digest.digest(of: s))
            }
        }
        return state
    }

    /// The deltas and record digest of one snapshot, from the versions it opened and closed
    /// (indexed lookups on valid_from and valid_to) and its own rows: the cost of a write
    /// follows what changed. `changed`, when given, names the only versioned tables where the
    /// snapshot opened or closed anything; the others are not even looked at.
    static func ofSnapshot(
        _ id: Int64, _ connection: OpaquePointer, tables: ChainTables, changed: Set<String>? = nil
    ) throws -> (deltas: [String: TableDelta], records: MultisetDigest) {
        var deltas: [String: TableDelta] = [:]
        for table in tables.versioned where changed?.contains(table.name) ?? true {
            var delta = TableDelta()
            for (column, opens) in [("valid_from", true), ("valid_to", false)] {
                let s = try RawStatement(
                    connection, "SELECT \(table.digest.selectList) FROM \(quote(table.name)) WHERE \(column) = ?")
                s.bind([id])
                while try s.step() {
                    let d = table.digest.digest(of: s)
                    if opens { delta.open(d) } else { delta.close(d) }
                }
            }
            if delta.opened > 0 || delta.closed > 0 { deltas[table.name] = delta }
        }
        var records = MultisetDigest.zero
        for table in tables.records {
            let s = try RawStatement(
                connection,
                "SELECT \(table.digest.selectList) FROM \(quote(table.name)) WHERE \(quote(table.snapshotColumn)) = ?")
            s.bind([id])
            while try s.step() { records.add(table.digest.digest(of: s)) }
        }
        return (deltas, records)
    }

    /// The anchor's per-table state: every delta up to and including `anchor`, folded.
    func folded(through anchor: Int64) -> [String: TableDelta] {
        var result: [String: TableDelta] = [:]
        for (id, tables) in deltas where id <= anchor {
            for (name, delta) in tables { result[name, default: TableDelta()].fold(delta) }
        }
        return result
    }
}

/// The chain hash of one snapshot.
enum ChainHash {
    static let zero = Data(repeating: 0, count: 32)

    static func of(previous: Data, snapshotID: Int64, records: MultisetDigest, facts: MultisetDigest) -> Data {
        var buffer = Data("posture-chain-v1\u{0}".utf8)
        buffer.append(previous)
        for shift in stride(from: 56, through: 0, by: -8) {
            buffer.append(UInt8(truncatingIfNeeded: UInt64(bitPattern: snapshotID) >> UInt64(shift)))
        }
        buffer.append(records.data)
        buffer.append(facts.data)
        return Data(SHA256.hash(data: buffer))
    }
}

extension Dictionary where Key == String, Value == TableDelta {
    /// Sum of the deltas' digests.
    var digestSum: MultisetDigest {
        var sum = MultisetDigest.zero
        for delta in values { sum.add(delta.digest) }
        return sum
    }
}
