import ArgumentParser
import Foundation
import PostureStore

/// `posture prune`: remove old snapshots and the versions only they used.
struct PruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove old snapshots and the fact versions only they used, and reclaim the space.",
        discussion: """
            Keeps the snapshots taken within --keep of now and/or the latest --keep-snapshots \
            (with both, a snapshot either keeps is kept); the latest snapshot is never removed. \
            Every kept snapshot answers every query exactly as before. The tamper-evident chain \
            is re-anchored on the oldest kept snapshot (recorded in chain_anchors with the time \
            and the reason). The whole prune is one transaction, followed by VACUUM.

            Examples:
              posture prune --keep 90d
              posture prune --keep-snapshots 1000 --dry-run
              posture collect --quiet --prune --keep 90d     # for cron
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var retention: RetentionOptions
    @OptionGroup var lock: LockTimeoutOption

    @Flag(help: "Say what would be removed, and change nothing.")
    var dryRun = false

    func validate() throws {
        _ = try retention.policy()
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: database.path) else {
            throw StoreError.noDatabase(path: database.path)
        }
        let store = try PostureDatabase(path: database.path, busyTimeout: lock.lockTimeout)
        let policy = try retention.policy()
        if dryRun {
            for line in PruneSummary.plan(try store.planPrune(policy), dryRun: true) { print(line) }
            return
        }
        for line in PruneSummary.result(try store.prune(policy)) { print(line) }
    }
}
