import GRDB
import PostureFacts
import PostureStore

/// Evaluates, inside a collect's transaction, only the checks whose answer can have changed,
/// and returns their findings as one fact set per check (complete within that check).
///
/// A check is a pure function of the tables its SQL reads (SQLite names them when the
/// statement is prepared: ``PostureStore/TableReads``, views resolved to their tables; recorded in
/// `check_revisions.reads` so a check that does not run is not even prepared). So a check is
/// not run when none of those tables gained or lost a version in this snapshot, the same check
/// text (header and SQL) produced its current findings (`check_revisions`, schema 0008) under
/// the same schema version (a migration can change what a view reads), and none of them is an
/// error: its findings stand as they are. Tables that are not versioned
/// (`snapshots`, `snapshot_collectors`, samples) change in every snapshot, so a check that
/// reads them runs every time, with one exception: a check that compares with the snapshot's
/// time (the age of a scan, the time since an image was built) and returns a `changes_at`
/// column (``ResultInterpreter/Layout/changesAtIndex``) is not run while the snapshot's time is
/// before the earliest `changes_at` of its last evaluation and `snapshots` is the only table it
/// reads that changed (`check_revisions.timed`, `changes_at`, schema 0012). Cost then follows
/// change, not time.
///
/// A per-container check (``Check/perContainer``) whose changed inputs are all container, image
/// or volume tables is evaluated only for the containers those changes touch (``ContainerScope``),
/// and replaces only those containers' findings: at 1% churn that is about 1% of its rows. A
/// per-image check (``Check/perImage``) whose changed inputs are all image tables is evaluated
/// only for the images that changed (``ImageScope``), in the same way. A scope of more than half
/// the open containers (images) is evaluated whole instead (``ScopeShadows/coversMost(_:of:in:)``).
///
/// Open findings of checks that are no longer in the catalog are closed.
///
/// Reads the versions tables and `findings_versions`; writes `check_revisions` (the fact sets
/// go to the store's writer).
struct IncrementalChecks {
    let runner: CheckRunner

    /// How the checks of one snapshot were evaluated (check ids in catalog order).
    struct Evaluation: Equatable {
        /// Evaluated over everything.
        var whole: [String] = []
        /// Evaluated only for the containers the changes touch (``ContainerScope``).
        var perContainer: [String] = []
        /// How many containers that was (0 when no check was).
        var containers = 0
        /// Evaluated only for the images that changed (``ImageScope``).
        var perImage: [String] = []
        /// How many images that was (0 when no check was).
        var images = 0
        /// Not evaluated: nothing they read changed.
        var skipped: [String] = []
    }

    /// The findings of `snapshot`, one fact set per check that had to run, each handed to
    /// `write` as soon as it is made. `prepared`: the container shadows and per-container checks
    /// prepared ahead on this connection (``CheckRunner/prepareScoped(in:)``), used when checks
    /// run scoped to containers and dropped otherwise, before any other check runs.
    @discardableResult
    func findingsFactSets(
        in db: Database, snapshot: SnapshotInProgress, prepared: ScopeShadows.Prepared? = nil,
        write: (FactSet) throws -> Void
    ) throws -> Evaluation {
        let snapshotID = snapshot.id
        let tables = try Self.tables(in: db)
        let changed = Self.changedTables(tables, versions: snapshot.changedVersionTables)
        let open = try Self.openFindings(in: db)
        let schemaVersion = try Int.fetchOne(db, sql: "SELECT schema_version FROM snapshots WHERE id = ?", arguments: [snapshotID])
        // Reads recorded under another schema may be out of date (a migration can change what a
        // view reads): such a check runs whole, and its reads are worked out again.
        let revisions = try Self.revisions(in: db, snapshotID: snapshotID).filter { $0.value.schemaVersion == schemaVersion }
        // Prepared when a check first runs: on an unchanged host none does.
        var recording: Statement?
        func record(_ arguments: StatementArguments) throws {
            let statement = try recording ?? db.makeStatement(
                sql: """
                    INSERT INTO check_revisions (check_id, revision, reads, evaluated_in, timed, changes_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (check_id) DO UPDATE
                      SET revision = excluded.revision, reads = excluded.reads, evaluated_in = excluded.evaluated_in,
                        timed = excluded.timed, changes_at = excluded.changes_at
                    """)
            recording = statement
            try statement.execute(arguments: arguments)
        }
        var evaluation = Evaluation()
        var whole: [Check] = []
        var perContainer: [Check] = []
        var perImage: [Check] = []
        for check in runner.checks {
            guard let last = revisions[check.id], last.revision == check.revision, open[check.id] != true else {
                whole.append(check)
                continue
            }
            let touched = last.reads.intersection(changed)
            if touched.isEmpty || (last.timeHolds && touched == Self.timeTables) {
                evaluation.skipped.append(check.id)
            } else if check.perContainer && touched.isSubset(of: ContainerScope.scopedTables) {
                perContainer.append(check)
            } else if check.perImage && touched.isSubset(of: ImageScope.scopedTables) {
                perImage.append(check)
            } else {
                whole.append(check)
            }
        }

        // Checks evaluated only for the containers or images the changes touch: findings
        // complete within those resources. A check that fails or strays outside them runs whole
        // below, and so do all of them when the scope covers most of its table. Not timed: a
        // check that reads the snapshot's time never runs scoped (`snapshots` is not one of the
        // scopes' tables). Returns the checks written scoped.
        func evaluateScoped(
            _ checks: [Check], keys: Int, of table: String, resources: [String],
            _ evaluate: () throws -> [String: [[FactValue]]]
        ) throws -> [String] {
            if try ScopeShadows.coversMost(keys, of: table, in: db) {
                whole += checks
                return []
            }
            let scoped = try evaluate()
            var written: [String] = []
            for check in checks {
                guard let rows = scoped[check.id], let last = revisions[check.id] else {
                    whole.append(check)
                    continue
                }
                try record([check.id, check.revision, last.reads.sorted().joined(separator: ","), snapshotID, 0, nil])
                try write(FindingsTable.factSet(checkID: check.id, resources: resources, rows: rows))
                written.append(check.id)
            }
            return written
        }
        if !perContainer.isEmpty {
            let scope = try ContainerScope.changed(in: db, snapshotID: snapshotID, tables: changed)
            evaluation.perContainer = try evaluateScoped(
                perContainer, keys: scope.containers.count, of: "containers_versions", resources: scope.resources
            ) { try scope.evaluate(perContainer, in: db, prepared: prepared) }
            evaluation.containers = evaluation.perContainer.isEmpty ? 0 : scope.containers.count
        }
        // Unused (nothing ran scoped to containers, or the scope covered most): the container
        // views must read whole for the checks below.
        try prepared?.discard(in: db)
        if !perImage.isEmpty {
            let scope = try ImageScope.changed(in: db, snapshotID: snapshotID, tables: changed)
            evaluation.perImage = try evaluateScoped(
                perImage, keys: scope.images.count, of: "images_versions", resources: scope.resources
            ) { try scope.evaluate(perImage, in: db) }
            evaluation.images = evaluation.perImage.isEmpty ? 0 : scope.images.count
        }

        let order = Dictionary(runner.checks.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        for check in whole.sorted(by: { order[$0.id]! < order[$1.id]! }) {
            let outcome: CheckRows
            var reads: [String] = []
            do {
                snapshot.tableReads.reset()
                let statement = try db.makeStatement(sql: check.sql)
                let read = snapshot.tableReads.recorded
                reads = tables.filter(read.contains)
                outcome = CheckRunner.findingRows(check, statement: statement)
            } catch {
                outcome = CheckRows(failed: CheckRunner.failure(check, error))
                reads = tables  // unknown: any change runs it again
            }
            try record([check.id, check.revision, reads.joined(separator: ","), snapshotID, outcome.timed ? 1 : 0, outcome.changesAt])
            var set = FindingsTable.factSet(checkID: check.id)
            set.rows = outcome.rows
            if outcome.error != nil {
                // A broken check never reads as "everything resolved": keep what it found before.
                set.rows = try FindingsTable.openRows(checkID: check.id, in: db) + outcome.rows
            }
            try write(set)
            evaluation.whole.append(check.id)
        }
        let current = Set(runner.checks.map(\.id))
        for id in open.keys.sorted() where !current.contains(id) {
            try write(FindingsTable.factSet(checkID: id))  // no rows: closes what a retired check left open
        }
        for id in revisions.keys where !current.contains(id) {
            try db.execute(sql: "DELETE FROM check_revisions WHERE check_id = ?", arguments: [id])
        }
        return evaluation
    }

    /// Per check with open findings: whether one of them is an error row.
    ///
    /// Reads two indexes, not the open findings themselves: the checks with open findings by
    /// skipping through `findings_key` one check at a time, and those with an open error from
    /// `findings_open_errors` (schema 0009), which holds only error rows.
    private static func openFindings(in db: Database) throws -> [String: Bool] {
        let ids = try String.fetchAll(
            db,
            sql: """
                WITH RECURSIVE ids(id) AS (
                  SELECT min(check_id) FROM findings_versions INDEXED BY findings_key WHERE valid_to IS NULL
                  UNION ALL
                  SELECT (SELECT min(check_id) FROM findings_versions INDEXED BY findings_key
                          WHERE valid_to IS NULL AND check_id > ids.id)
                  FROM ids WHERE ids.id IS NOT NULL)
                SELECT id FROM ids WHERE id IS NOT NULL
                """)
        let errors = try String.fetchSet(
            db,
            sql: """
                SELECT DISTINCT check_id FROM findings_versions INDEXED BY findings_open_errors
                WHERE valid_to IS NULL AND status = 'error'
                """)
        return Dictionary(ids.map { ($0, errors.contains($0)) }, uniquingKeysWith: { a, _ in a })
    }

    private struct Revision {
        let revision: String
        let reads: Set<String>
        /// The schema version of the snapshot the reads were recorded in (`nil` once it is pruned).
        let schemaVersion: Int?
        /// Whether the check is timed and this snapshot's time is not before the one it was
        /// evaluated at (a clock set back could undo an alarm) nor at or after its `changes_at`:
        /// time alone has not changed its answer since.
        let timeHolds: Bool
    }

    /// The tables through which a timed check reads the snapshot's time.
    static let timeTables: Set<String> = ["snapshots"]

    /// Per check: the revision its current findings were evaluated with, the tables it read,
    /// the schema version then, and whether its answer still holds at the time of `snapshotID`.
    private static func revisions(in db: Database, snapshotID: Int64) throws -> [String: Revision] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                WITH now AS (SELECT julianday(taken_at) AS at FROM snapshots WHERE id = ?)
                SELECT c.check_id, c.revision, c.reads, s.schema_version,
                  coalesce(c.timed = 1 AND now.at >= julianday(s.taken_at)
                    AND (c.changes_at IS NULL OR now.at < julianday(c.changes_at)), 0)
                FROM check_revisions c LEFT JOIN snapshots s ON s.id = c.evaluated_in LEFT JOIN now
                """,
            arguments: [snapshotID])
        return Dictionary(
            rows.map { row in
                let reads: String = row[2]
                return (
                    row[0],
                    Revision(
                        revision: row[1], reads: Set(reads.split(separator: ",").map(String.init)), schemaVersion: row[3],
                        timeHolds: row[4])
                )
            }, uniquingKeysWith: { a, _ in a })
    }

    /// Every table of the main database.
    static func tables(in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    }

    /// Tables this snapshot wrote: the versions tables in which it opened or closed a version
    /// (as the writer reports them), and every other table (snapshots, collectors, samples,
    /// chain records), which each snapshot writes.
    static func changedTables(_ tables: [String], versions: Set<String>) -> Set<String> {
        Set(tables.filter { !$0.hasSuffix("_versions") || versions.contains($0) })
    }
}
