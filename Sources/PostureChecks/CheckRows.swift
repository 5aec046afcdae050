import PostureFacts

/// One check's evaluation as the collect stores it: `findings` rows in ``FindingsTable/columns``
/// order (see ``CheckRunner/findingRows(_:statement:)``), or the one error row of a check that
/// failed with why.
struct CheckRows {
    var rows: [[FactValue]]
    /// Why the check failed, `nil` when it ran.
    var error: String?

    init(rows: [[FactValue]], error: String?) {
        self.rows = rows
        self.error = error
    }

    /// The stored form of a failed ``CheckOutcome``.
    init(failed outcome: CheckOutcome) {
        self.init(rows: outcome.findings.map(FindingsTable.row), error: outcome.error)
    }
}
