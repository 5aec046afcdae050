import PostureFacts

/// One check's evaluation as the collect stores it: `findings` rows in ``FindingsTable/columns``
/// order (see ``CheckRunner/findingRows(_:statement:)``), or the one error row of a check that
/// failed with why.
struct CheckRows {
    var rows: [[FactValue]]
    /// Why the check failed, `nil` when it ran.
    var error: String?
    /// Whether the check returned a `changes_at` column (``ResultInterpreter/Layout/changesAtIndex``).
    var timed = false
    /// The earliest `changes_at` of its rows: until then, time alone does not change its
    /// answer. `nil` when no row named one.
    var changesAt: String?

    init(rows: [[FactValue]], error: String?, timed: Bool = false, changesAt: String? = nil) {
        self.rows = rows
        self.error = error
        self.timed = timed
        self.changesAt = changesAt
    }

    /// The stored form of a failed ``CheckOutcome``.
    init(failed outcome: CheckOutcome) {
        self.init(rows: outcome.findings.map(FindingsTable.row), error: outcome.error)
    }
}
