/// The rows one collector found for one fact table within one scope, as handed to the store.
///
/// The store compares `rows` with the versions of `table` that are open in `scope` (for example
/// every container of one engine) and, in the snapshot's transaction, closes versions that
/// changed or vanished and opens new ones. Rows are matched on `keyColumns`.
public struct FactSet: Sendable {
    /// How rows that are missing from `rows` but open in the store are treated.
    public enum Mode: Sendable, Equatable {
        /// `rows` is everything in scope: open versions not in `rows` are closed (removed).
        case complete
        /// `rows` may be incomplete (a collector partly failed): nothing is closed for being
        /// missing; rows present are still compared and versioned.
        case partial
        /// Each row names only some columns: they overwrite the open version's values and
        /// the other columns carry over (e.g. marking an unreachable engine without
        /// forgetting its version). Nothing is closed for being missing.
        case patch
    }

    /// Public name of the fact table (`containers`); the store writes `<table>_versions`.
    public let table: String
    /// Columns, in the order of each row's values; must include `keyColumns` and scope columns.
    public let columns: [String]
    /// Columns that identify a row within the scope (`container_id`).
    public let keyColumns: [String]
    /// Column values that select the open versions this set replaces (`engine_id`).
    public let scope: [String: FactValue]
    /// Narrows the scope further to open versions whose column holds one of a list of texts
    /// (the findings of one check for a few containers' resources); `nil` for the whole scope.
    public let subset: Subset?
    public var rows: [[FactValue]]
    public let mode: Mode

    /// Open versions whose `column` holds one of `values`. Every row of the set must hold one
    /// of them too: the store refuses a row outside its subset.
    public struct Subset: Sendable, Equatable {
        public let column: String
        public let values: [String]

        public init(column: String, values: [String]) {
            self.column = column
            self.values = values
        }
    }

    public init(
        table: String, columns: [String], keyColumns: [String], scope: [String: FactValue],
        subset: Subset? = nil, rows: [[FactValue]] = [], mode: Mode = .complete
    ) {
        self.table = table
        self.columns = columns
        self.keyColumns = keyColumns
        self.scope = scope
        self.subset = subset
        self.rows = rows
        self.mode = mode
    }

    /// Appends a row given as column → value; columns not named are NULL.
    public mutating func append(_ row: [String: FactValue]) {
        rows.append(columns.map { row[$0] ?? .null })
    }
}

/// Per-snapshot rows that are not versioned (usage counters and other volatile samples):
/// appended to `table` with the snapshot id, never compared.
public struct SampleSet: Sendable {
    public let table: String
    public let columns: [String]
    public var rows: [[FactValue]]

    public init(table: String, columns: [String], rows: [[FactValue]] = []) {
        self.table = table
        self.columns = columns
        self.rows = rows
    }

    public mutating func append(_ row: [String: FactValue]) {
        rows.append(columns.map { row[$0] ?? .null })
    }
}
