import PostureChecks
import PostureStore

/// What changed between two snapshots: per fact table added / removed / changed rows keyed on
/// stable identities, findings that started or stopped alarming, vulnerabilities introduced or
/// fixed, and availability over the window. See ``DiffLoader`` for how it is computed.
public struct Diff: Sendable {
    public let from: SnapshotInfo
    public let to: SnapshotInfo
    public let filters: ReportFilters
    public let findings: FindingsDiff
    /// Tables in a fixed order (engines, containers and their children, images, networks, ...),
    /// including unchanged ones (``TableDiff/isEmpty``) so machine readers see what was compared.
    public let tables: [TableDiff]
    /// `nil` when the database has no vulnerabilities.
    public let vulnerabilities: VulnerabilitiesDiff?
    public let availability: Availability
    /// Collectors that did not succeed in A or in B.
    public let collectorIssues: [CollectorIssue]
    /// Series over A...B for charts; loaded for HTML only.
    public let timeline: Timeline?

    /// True when nothing changed at all (tables, findings and vulnerabilities).
    public var isEmpty: Bool {
        tables.allSatisfy(\.isEmpty) && findings.isEmpty && (vulnerabilities?.isEmpty ?? true)
    }

    /// New alarms at or above `severity`: what `--fail-on` counts in a diff.
    public func newAlarms(atOrAbove severity: Severity) -> Int {
        findings.new.filter { $0.severity >= severity }.count
    }
}

/// One field whose value differs between A and B.
public struct FieldChange: Sendable, Equatable {
    public let field: String
    public let old: SQLValue
    public let new: SQLValue
}

/// One row added, removed or changed, named by its stable key.
public struct RowDelta: Sendable {
    /// Key column → value, in key order (`engine_id`, `name`; child tables: `engine_id`,
    /// `container`, then their own key).
    public let key: [(column: String, value: String)]
    /// For added and removed rows: the row's non-volatile fields (NULLs left out). Empty for changes.
    public let values: [(column: String, value: SQLValue)]
    /// For changed rows: the fields that differ. Empty for additions and removals.
    public let changes: [FieldChange]
    /// A few telling fields of an added or removed row for people (image, privileged, ...).
    public let summary: [(column: String, value: SQLValue)]

    public var engineID: String? { key.first { $0.column == "engine_id" }?.value }

    /// The key without the engine: `web /data`.
    public var label: String {
        key.filter { $0.column != "engine_id" }.map(\.value).joined(separator: " ")
    }
}

/// Added, removed and changed rows of one table, and why some could not be judged.
public struct TableDiff: Sendable {
    public let table: String
    public let keyColumns: [String]
    public let added: [RowDelta]
    public let removed: [RowDelta]
    public let changed: [RowDelta]
    /// Collector failures that made removals and changes of an engine unknowable, and other caveats.
    public let notes: [String]
    /// Removals and changes not reported because their collector failed or was skipped in A or B.
    public let withheld: Int

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty && notes.isEmpty }
}

/// One (check_id, resource) whose alarm state differs between A and B.
public struct FindingDelta: Sendable {
    public let checkID: String
    public let title: String
    public let severity: Severity
    public let section: String
    public let resource: String
    /// Status in A, `nil` when the result did not exist.
    public let oldStatus: String?
    /// Status in B, `nil` when the result no longer exists (the resource is gone).
    public let newStatus: String?
    public let oldReason: String?
    public let newReason: String?
    public let remediation: String?
    /// `false` when this build does not know the check id.
    public let known: Bool
}

/// Findings that started alarming (new), stopped alarming (resolved), or kept alarming with a
/// different reason or severity (changed).
public struct FindingsDiff: Sendable {
    public let new: [FindingDelta]
    public let resolved: [FindingDelta]
    public let changed: [FindingDelta]

    public var isEmpty: Bool { new.isEmpty && resolved.isEmpty && changed.isEmpty }
}

/// One vulnerability of one image, by (image_id, vulnerability_id, package, installed_version).
public struct VulnerabilityDelta: Sendable, Equatable {
    public let imageID: String
    public let vulnerabilityID: String
    public let package: String
    public let installedVersion: String
    public let fixedVersion: String?
    public let severity: String
    public let cvssScore: Double?
    public let title: String?
}

public struct VulnerabilitiesDiff: Sendable {
    public let introduced: [VulnerabilityDelta]
    public let fixed: [VulnerabilityDelta]

    public var isEmpty: Bool { introduced.isEmpty && fixed.isEmpty }
}
