import GRDB
import PostureFacts

/// The `findings` fact table (schema/0004_findings.sql) as the store sees it: one version per
/// (check_id, resource), written change-only, one fact set per check that ran (complete within
/// that check).
enum FindingsTable {
    static let columns = ["check_id", "title", "severity", "section", "resource", "status", "reason", "sql_hash"]
    /// Where `resource` is in a row.
    static let resourceIndex = 4

    /// The findings fact set of one check, without rows yet: complete within its `check_id`.
    static func factSet(checkID: String) -> FactSet {
        FactSet(
            table: "findings", columns: columns, keyColumns: ["check_id", "resource"],
            scope: ["check_id": .text(checkID)], mode: .complete)
    }

    /// The findings fact set of one check for some resources only: complete within its
    /// `check_id` and those resources, the rest of its findings left as they are.
    static func factSet(checkID: String, resources: [String], rows: [[FactValue]]) -> FactSet {
        FactSet(
            table: "findings", columns: columns, keyColumns: ["check_id", "resource"],
            scope: ["check_id": .text(checkID)], subset: FactSet.Subset(column: "resource", values: resources),
            rows: rows, mode: .complete)
    }

    static func row(_ finding: Finding) -> [FactValue] {
        [
            .text(finding.checkID), .text(finding.title), .text(finding.severity.rawValue),
            .text(finding.section.rawValue), .text(finding.resource), .text(finding.status.rawValue),
            .text(finding.reason), .text(finding.sqlHash),
        ]
    }

    /// The row ``row(_:)`` gives the ``Finding`` these values make.
    static func row(check: Check, resource: String, status: CheckStatus, reason: String, severity: Severity) -> [FactValue] {
        [
            .text(check.id), .text(check.title), .text(severity.rawValue), .text(check.section.rawValue),
            .text(resource), .text(status.rawValue), .text(reason), .text(check.sqlHash),
        ]
    }

    /// The open findings of `checkID` except its error row, as stored.
    static func openRows(checkID: String, in db: Database) throws -> [[FactValue]] {
        let sql = "SELECT \(columns.joined(separator: ", ")) FROM findings_versions WHERE valid_to IS NULL AND check_id = ? AND resource <> '*'"
        return try Row.fetchAll(db, sql: sql, arguments: [checkID]).map { row in
            (0..<columns.count).map { i -> FactValue in
                let value: DatabaseValue = row[i]
                switch value.storage {
                case .null: return .null
                case .int64(let v): return .int(v)
                case .double(let v): return .double(v)
                case .string(let v): return .text(v)
                case .blob: return .null
                }
            }
        }
    }
}
