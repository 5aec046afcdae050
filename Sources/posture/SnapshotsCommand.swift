import ArgumentParser
import Foundation
import PostureReport
import PostureStore

/// `posture snapshots`: list snapshots with their status, or one snapshot's collectors.
struct SnapshotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshots",
        abstract: "List snapshots: id, time, host, status and collectors that did not succeed.",
        discussion: """
            Examples:
              posture snapshots
              posture snapshots --limit 100 --format csv
              posture snapshots --show 12        # every collector of snapshot 12
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Show this many of the latest snapshots.")
    var limit: Int = 20

    @Option(parsing: .unconditional, help: ArgumentHelp("Show the collectors of one snapshot (id, latest, date or age).", valueName: "snapshot"))
    var show: String?

    @Option(help: "Output format: table, csv, json, ndjson, markdown.")
    var format: QueryFormat = .table

    func run() throws {
        let db = try ReadOnlyDatabase(path: database.path)
        let sql: String
        if let show {
            let id = try SnapshotSelector.resolve(show, in: db)
            sql = """
                SELECT collector, coalesce(engine_id, 'host') AS engine, status, item_count AS items,
                       duration_ms, versions_opened AS opened, versions_closed AS closed, error
                FROM snapshot_collectors WHERE snapshot_id = \(id) ORDER BY engine, collector
                """
        } else {
            sql = """
                SELECT s.id, s.taken_at, s.host, s.status, s.duration_ms,
                       (SELECT count(*) FROM snapshot_collectors c WHERE c.snapshot_id = s.id AND c.status = 'ok')
                         || '/' || (SELECT count(*) FROM snapshot_collectors c WHERE c.snapshot_id = s.id) AS collectors_ok,
                       (SELECT group_concat(c.collector || coalesce('@' || c.engine_id, '') || ' ' || c.status, '; ')
                          FROM snapshot_collectors c WHERE c.snapshot_id = s.id AND c.status <> 'ok') AS not_ok
                FROM snapshots s ORDER BY s.id DESC LIMIT \(max(limit, 1))
                """
        }
        let result = try db.query(sql)
        if result.rows.isEmpty && show == nil {
            printError("no snapshot yet in \(database.path) (run `posture collect`)")
        }
        StandardOutput.write(format.render(result))
    }
}
