import PostureStore

/// Turns the raw rows of a check's query into ``Finding``s, enforcing the result contract:
/// `resource`, `status`, `reason` as the first three columns; a non-empty resource, a known
/// status and a reason on every row; no resource twice; an optional `severity` column holding
/// a known severity or NULL (the check's own). Any breach makes the whole check an error.
enum ResultInterpreter {
    static func outcome(of check: Check, columns: [String], rows: [[SQLValue]]) -> CheckOutcome {
        let lower = columns.map { $0.lowercased() }
        guard lower.count >= 3, Array(lower.prefix(3)) == ["resource", "status", "reason"] else {
            return .failed(
                check,
                "returns columns (\(columns.prefix(3).joined(separator: ", "))); a check must return resource, status, reason first")
        }
        let severityIndex = lower.dropFirst(3).firstIndex(of: "severity")
        let extraIndexes = (3..<columns.count).filter { $0 != severityIndex }

        var findings: [Finding] = []
        var seen = Set<String>()
        for row in rows {
            guard let resource = row[0].text, !resource.isEmpty else {
                return .failed(check, "returned a row without a resource")
            }
            guard let statusText = row[1].text, let status = CheckStatus(rawValue: statusText) else {
                return .failed(check, "returned status \(row[1].text ?? "NULL") for \(resource)")
            }
            guard let reason = row[2].text, !reason.isEmpty else {
                return .failed(check, "returned no reason for \(resource)")
            }
            var severity: Severity?
            if let severityIndex, let text = row[severityIndex].text {
                guard let parsed = Severity(rawValue: text) else {
                    return .failed(check, "returned severity \(text) for \(resource)")
                }
                severity = parsed
            }
            guard seen.insert(resource).inserted else {
                return .failed(check, "returned \(resource) more than once")
            }
            findings.append(
                Finding(
                    check: check, resource: resource, status: status, reason: reason, severity: severity,
                    extra: extraIndexes.map { Finding.ExtraColumn(name: columns[$0], value: row[$0]) }))
        }
        return CheckOutcome(check: check, findings: findings, error: nil)
    }
}
