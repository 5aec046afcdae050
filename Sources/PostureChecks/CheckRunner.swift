import Foundation
import GRDB
import PostureFacts
import PostureStore

/// Evaluates checks against a posture database: inside the collect transaction (a GRDB
/// ``Database``) to store `findings`, or over a ``ReadOnlyDatabase`` for live runs.
///
/// A check whose SQL fails, or whose rows break the result contract, yields one `error` finding
/// on resource `*`; it never stops the other checks or the collect. Reads every table the
/// checks name; writes nothing itself (``afterFacts(_:_:)`` hands the rows to the store).
public struct CheckRunner: Sendable {
    public let checks: [Check]

    public init(checks: [Check]) {
        self.checks = checks
    }

    public init(catalog: CheckCatalog) {
        self.checks = catalog.checks
    }

    /// Runs every check on `db` (typically inside ``PostureDatabase/writeSnapshot(_:durationMs:afterFacts:)``).
    public func evaluate(in db: Database) -> [CheckOutcome] {
        checks.map { check in
            do {
                return try Self.evaluate(check, statement: db.makeStatement(sql: check.sql))
            } catch {
                return Self.failure(check, error)
            }
        }
    }

    /// Runs one prepared check.
    static func evaluate(_ check: Check, statement: Statement) -> CheckOutcome {
        guard statement.isReadonly else {
            return .failed(check, "the query would change the database")
        }
        do {
            let columns = statement.columnNames
            var rows: [[SQLValue]] = []
            let cursor = try Row.fetchCursor(statement)
            while let row = try cursor.next() {
                rows.append((0..<row.count).map { SQLValue(row[$0] as DatabaseValue) })
            }
            return ResultInterpreter.outcome(of: check, columns: columns, rows: rows)
        } catch {
            return failure(check, error)
        }
    }

    /// Runs one prepared check for the collect: its findings as `findings` rows, read in place
    /// (``PostureStore/RawRow``) with no ``Finding`` made; same contract and messages as
    /// ``evaluate(_:statement:)`` (``ResultInterpreter``), and an error row when it fails.
    static func findingRows(_ check: Check, statement: Statement) -> CheckRows {
        guard statement.isReadonly else {
            return CheckRows(failed: .failed(check, "the query would change the database"))
        }
        let layout: ResultInterpreter.Layout
        switch ResultInterpreter.layout(of: statement.columnNames) {
        case .success(let l): layout = l
        case .failure(let breach): return CheckRows(failed: .failed(check, breach.message))
        }
        var reader = ResultInterpreter.Reader(layout: layout)
        var rows: [[FactValue]] = []
        var changesAt: String?
        var breach: ResultInterpreter.Breach?
        do {
            // Stepped to the end even after a breach: an SQL error further on is what a
            // materialised evaluation reports.
            try statement.forEachRawRow { row in
                guard breach == nil else { return }
                switch reader.read({ row.text($0) }) {
                case .success(let r):
                    rows.append(
                        FindingsTable.row(
                            check: check, resource: r.resource, status: r.status, reason: r.reason,
                            severity: r.severity ?? check.severity))
                    // datetime() text orders as time (ResultInterpreter.Reader.isDatetime).
                    if let at = r.changesAt, changesAt.map({ at < $0 }) ?? true { changesAt = at }
                case .failure(let b): breach = b
                }
            }
        } catch {
            return CheckRows(failed: failure(check, error))
        }
        if let breach { return CheckRows(failed: .failed(check, breach.message)) }
        return CheckRows(rows: rows, error: nil, timed: layout.changesAtIndex != nil, changesAt: changesAt)
    }

    static func failure(_ check: Check, _ error: Error) -> CheckOutcome {
        if let error = error as? DatabaseError { return .failed(check, error.message ?? "\(error)") }
        return .failed(check, "\(error)")
    }

    /// Runs every check on a read-only connection (as scoped by the caller, e.g. to a past
    /// snapshot), each within `timeout` seconds when positive.
    public func evaluate(in db: ReadOnlyDatabase, timeout: Double = 0) -> [CheckOutcome] {
        checks.map { check in
            do {
                let result = try db.query(check.sql, timeout: timeout)
                return ResultInterpreter.outcome(of: check, columns: result.columns, rows: result.rows)
            } catch {
                return .failed(check, (error as? LocalizedError)?.errorDescription ?? "\(error)")
            }
        }
    }

    /// `afterFacts` for ``PostureDatabase/writeSnapshot(_:durationMs:afterFacts:)``: the findings
    /// of this snapshot, one fact set per check that had to run (see ``IncrementalChecks``),
    /// each handed to `write` as soon as it is made.
    public func afterFacts(_ db: Database, _ snapshot: SnapshotInProgress, _ write: (FactSet) throws -> Void) throws {
        try afterFacts(db, snapshot, prepared: nil, write)
    }

    /// ``afterFacts(_:_:_:)`` with the checks `prepared` ahead by ``prepareScoped(in:)`` on the
    /// same connection.
    public func afterFacts(
        _ db: Database, _ snapshot: SnapshotInProgress, prepared: PreparedChecks?, _ write: (FactSet) throws -> Void
    ) throws {
        try IncrementalChecks(runner: self).findingsFactSets(
            in: db, snapshot: snapshot, prepared: prepared?.containers, write: write)
    }

    /// Prepares the per-container checks against the container shadows (created empty) ahead
    /// of a collect's transaction, on its connection: preparing is most of what evaluating them
    /// for a few changed containers costs, and `collect` does it while the engines answer.
    /// Until ``afterFacts(_:_:prepared:_:)`` uses or drops them, the container views read as
    /// empty on this connection: read no check or public view in between.
    public func prepareScoped(in db: Database) throws -> PreparedChecks {
        PreparedChecks(containers: try ContainerScope.prepare(checks.filter(\.perContainer), in: db))
    }
}

/// Checks prepared ahead by ``CheckRunner/prepareScoped(in:)``, for one collect on the
/// connection that prepared them.
public final class PreparedChecks: @unchecked Sendable {
    let containers: ScopeShadows.Prepared

    init(containers: ScopeShadows.Prepared) {
        self.containers = containers
    }
}

extension SQLValue {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let v): self = .int(v)
        case .double(let v): self = .double(v)
        case .string(let v): self = .text(v)
        case .blob(let d): self = .blob([UInt8](d))
        }
    }
}
