import ArgumentParser
import PostureStore

/// `collect --prune`: retention after a collect, for cron.
extension CollectCommand {
    func validatePrune() throws {
        if prune && !retention.given {
            throw ValidationError("--prune needs --keep DURATION (90d, 12h, 2w) or --keep-snapshots N")
        }
        if !prune && retention.given {
            throw ValidationError("--keep and --keep-snapshots take effect with --prune (or use `posture prune`)")
        }
        if prune { _ = try retention.policy() }
    }

    /// Prunes once the snapshot is written. A failed snapshot (nothing could be read) prunes
    /// nothing, so a long outage never removes the last snapshots that hold facts.
    func pruneAfterCollect(_ store: PostureDatabase, status: String) throws {
        if status == "failed" {
            printError("warning: not pruning: this snapshot failed (nothing could be read); the next good collect prunes")
            return
        }
        let result = try store.prune(try retention.policy())
        if !quiet {
            for line in PruneSummary.result(result) { print(line) }
        }
    }
}
