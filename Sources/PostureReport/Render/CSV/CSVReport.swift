/// The CSV report: one row per stored result (RFC 4180, header row, CRLF), columns
/// snapshot_id, check_id, title, severity, section, resource, status, reason, cis, known,
/// remediation.
enum CSVReport {
    static let columns = [
        "snapshot_id", "check_id", "title", "severity", "section", "resource", "status", "reason", "cis", "known", "remediation",
    ]

    static func render(_ report: Report) -> String {
        var rows = [columns]
        for check in report.checks {
            for r in check.results {
                rows.append([
                    String(report.snapshot.id), r.checkID, check.title, r.severity.rawValue, check.section, r.resource,
                    r.status.rawValue, r.reason, check.cis ?? "", check.known ? "1" : "0", check.remediation ?? "",
                ])
            }
        }
        return CSVText.render(rows)
    }
}

/// The CSV diff: one row per change, columns from_snapshot, to_snapshot, area (finding, table,
/// vulnerability), table, change (new, resolved, changed, added, removed, introduced, fixed,
/// note), engine_id, key (`column=value; ...`), field, old, new, severity, detail (reason,
/// summary or note).
enum CSVDiff {
    static let columns = [
        "from_snapshot", "to_snapshot", "area", "table", "change", "engine_id", "key", "field", "old", "new", "severity", "detail",
    ]

    static func render(_ diff: Diff) -> String {
        var rows = [columns]
        let sides = [String(diff.from.id), String(diff.to.id)]
        func add(_ cells: [String]) { rows.append(sides + cells) }
        for (change, deltas) in [("new", diff.findings.new), ("resolved", diff.findings.resolved), ("changed", diff.findings.changed)] {
            for d in deltas {
                add([
                    "finding", "findings", change, "", "check_id=\(d.checkID); resource=\(d.resource)", "status",
                    d.oldStatus ?? "", d.newStatus ?? "", d.severity.rawValue, d.newReason ?? d.oldReason ?? "",
                ])
            }
        }
        for table in diff.tables {
            func key(_ row: RowDelta) -> String { row.key.map { "\($0.column)=\($0.value)" }.joined(separator: "; ") }
            for row in table.added {
                add(["table", table.table, "added", row.engineID ?? "", key(row), "", "", "", "", DiffSummary.summary(row).trimmed])
            }
            for row in table.removed {
                add(["table", table.table, "removed", row.engineID ?? "", key(row), "", "", "", "", DiffSummary.summary(row).trimmed])
            }
            for row in table.changed {
                for c in row.changes {
                    add(["table", table.table, "changed", row.engineID ?? "", key(row), c.field, c.old.text ?? "", c.new.text ?? "", "", ""])
                }
            }
            for note in table.notes { add(["table", table.table, "note", "", "", "", "", "", "", note]) }
        }
        if let v = diff.vulnerabilities {
            for (change, list) in [("introduced", v.introduced), ("fixed", v.fixed)] {
                for x in list {
                    add([
                        "vulnerability", "vulnerabilities", change, "",
                        "image_id=\(x.imageID); vulnerability_id=\(x.vulnerabilityID); package=\(x.package); installed_version=\(x.installedVersion)",
                        "", "", x.fixedVersion ?? "", x.severity, x.title ?? "",
                    ])
                }
            }
        }
        return CSVText.render(rows)
    }
}

enum CSVText {
    static func render(_ rows: [[String]]) -> String {
        rows.map { $0.map(CSVFormatter.field).joined(separator: ",") + "\r\n" }.joined()
    }
}

extension String {
    /// Without the ` (` … `)` wrapping of ``DiffSummary/summary(_:)``.
    var trimmed: String {
        guard hasPrefix(" ("), hasSuffix(")") else { return self }
        return String(dropFirst(2).dropLast())
    }
}
