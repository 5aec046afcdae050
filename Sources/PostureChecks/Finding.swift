import PostureStore

/// One result row of a check: what the check concluded about one resource.
///
/// Stored as a version of `findings` (see ``CheckRunner/afterFacts(_:_:)``); `extra`
/// holds the query's further columns for live display and is not stored.
public struct Finding: Sendable, Hashable {
    public let checkID: String
    public let title: String
    public let severity: Severity
    public let section: Section
    /// `<engine_id>`, `<engine_id>/containers/<name>`, `<engine_id>/images/<image_id>`,
    /// `<engine_id>/networks/<name>`; `*` for the error row of a check that failed.
    public let resource: String
    public let status: CheckStatus
    public let reason: String
    public let sqlHash: String
    /// Columns after `resource`, `status`, `reason` (and `severity`), in query order.
    public let extra: [ExtraColumn]

    public struct ExtraColumn: Sendable, Hashable {
        public let name: String
        public let value: SQLValue

        public init(name: String, value: SQLValue) {
            self.name = name
            self.value = value
        }
    }

    public init(
        check: Check, resource: String, status: CheckStatus, reason: String,
        severity: Severity? = nil, extra: [ExtraColumn] = []
    ) {
        self.checkID = check.id
        self.title = check.title
        self.severity = severity ?? check.severity
        self.section = check.section
        self.resource = resource
        self.status = status
        self.reason = reason
        self.sqlHash = check.sqlHash
        self.extra = extra
    }
}

/// Everything one check produced in one evaluation.
public struct CheckOutcome: Sendable {
    public let check: Check
    /// One row per resource examined, or a single `error` row when the check failed.
    public let findings: [Finding]
    /// Why the check failed, `nil` when it ran.
    public let error: String?

    /// The outcome of a check that could not be evaluated: one `error` finding on resource `*`.
    static func failed(_ check: Check, _ message: String) -> CheckOutcome {
        CheckOutcome(
            check: check,
            findings: [Finding(check: check, resource: "*", status: .error, reason: "check failed: \(message)")],
            error: message)
    }
}
