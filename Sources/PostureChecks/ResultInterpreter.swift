import PostureStore

/// Turns the raw rows of a check's query into ``Finding``s, enforcing the result contract:
/// `resource`, `status`, `reason` as the first three columns; a non-empty resource, a known
/// status and a reason on every row; no resource twice; an optional `severity` column holding
/// a known severity or NULL (the check's own); an optional `changes_at` column holding NULL or
/// a time as SQLite's `datetime()` writes it (see ``Layout/changesAtIndex``). Any breach makes
/// the whole check an error.
///
/// ``layout(of:)`` and ``Reader`` hold the contract; ``outcome(of:columns:rows:)`` applies it to
/// materialised rows (live runs), ``CheckRunner/findingRows(_:statement:)`` to rows read in
/// place during a collect.
enum ResultInterpreter {
    static func outcome(of check: Check, columns: [String], rows: [[SQLValue]]) -> CheckOutcome {
        let layout: Layout
        switch Self.layout(of: columns) {
        case .success(let l): layout = l
        case .failure(let breach): return .failed(check, breach.message)
        }
        var reader = Reader(layout: layout)
        var findings: [Finding] = []
        for row in rows {
            switch reader.read({ row[$0].text }) {
            case .failure(let breach): return .failed(check, breach.message)
            case .success(let r):
                findings.append(
                    Finding(
                        check: check, resource: r.resource, status: r.status, reason: r.reason,
                        severity: r.severity,
                        extra: layout.extraIndexes.map { Finding.ExtraColumn(name: columns[$0], value: row[$0]) }))
            }
        }
        return CheckOutcome(check: check, findings: findings, error: nil)
    }

    /// Why a check's result breaks the contract.
    struct Breach: Error {
        let message: String
    }

    /// Where a result's optional columns are.
    struct Layout {
        let severityIndex: Int?
        /// The `changes_at` column: when time alone would change the row (its status or its
        /// reason), NULL when it never would. A check that returns it promises that its answer
        /// depends on the snapshot's time only through those times (``IncrementalChecks``).
        /// Shown in live runs like the other extra columns.
        let changesAtIndex: Int?
        /// Columns after the contract's (and `severity`), in query order.
        let extraIndexes: [Int]
    }

    static func layout(of columns: [String]) -> Result<Layout, Breach> {
        let lower = columns.map { $0.lowercased() }
        guard lower.count >= 3, Array(lower.prefix(3)) == ["resource", "status", "reason"] else {
            return .failure(
                Breach(
                    message:
                        "returns columns (\(columns.prefix(3).joined(separator: ", "))); a check must return resource, status, reason first"
                ))
        }
        let severityIndex = lower.dropFirst(3).firstIndex(of: "severity")
        let changesAtIndex = lower.dropFirst(3).firstIndex(of: "changes_at")
        return .success(
            Layout(
                severityIndex: severityIndex, changesAtIndex: changesAtIndex,
                extraIndexes: (3..<columns.count).filter { $0 != severityIndex }))
    }

    /// The contract's columns of one row.
    struct Row {
        let resource: String
        let status: CheckStatus
        let reason: String
        let severity: Severity?
        /// The row's `changes_at` (``Layout/changesAtIndex``), `nil` when NULL or not returned.
        let changesAt: String?
    }

    /// Checks the rows of one result in order (remembering the resources seen).
    struct Reader {
        let layout: Layout
        private var seen = Set<String>()

        init(layout: Layout) {
            self.layout = layout
        }

        /// The row whose column `i` reads as `text(i)` (``SQLValue/text``).
        mutating func read(_ text: (Int) -> String?) -> Result<Row, Breach> {
            guard let resource = text(0), !resource.isEmpty else {
                return .failure(Breach(message: "returned a row without a resource"))
            }
            let statusText = text(1)
            guard let statusText, let status = CheckStatus(rawValue: statusText) else {
                return .failure(Breach(message: "returned status \(statusText ?? "NULL") for \(resource)"))
            }
            guard let reason = text(2), !reason.isEmpty else {
                return .failure(Breach(message: "returned no reason for \(resource)"))
            }
            var severity: Severity?
            if let severityIndex = layout.severityIndex, let severityText = text(severityIndex) {
                guard let parsed = Severity(rawValue: severityText) else {
                    return .failure(Breach(message: "returned severity \(severityText) for \(resource)"))
                }
                severity = parsed
            }
            var changesAt: String?
            if let changesAtIndex = layout.changesAtIndex, let text = text(changesAtIndex) {
                guard Self.isDatetime(text) else {
                    return .failure(
                        Breach(message: "returned changes_at \(text) for \(resource); write it with datetime(), as YYYY-MM-DD HH:MM:SS"))
                }
                changesAt = text
            }
            guard seen.insert(resource).inserted else {
                return .failure(Breach(message: "returned \(resource) more than once"))
            }
            return .success(Row(resource: resource, status: status, reason: reason, severity: severity, changesAt: changesAt))
        }

        /// Whether `text` is a time as `datetime()` writes it (`2026-11-30 04:05:06`): then
        /// such times order as text, and the earliest of a check's rows is found without
        /// parsing them.
        static func isDatetime(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            // "0" stands for any digit; the other characters must be as they are.
            let pattern = Array("0000-00-00 00:00:00".utf8)
            guard bytes.count == pattern.count else { return false }
            return zip(bytes, pattern).allSatisfy { byte, expected in
                expected == UInt8(ascii: "0") ? (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) : byte == expected
            }
        }
    }
}
