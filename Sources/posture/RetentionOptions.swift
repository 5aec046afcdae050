import ArgumentParser
import PostureStore

/// `--keep` and `--keep-snapshots`: which snapshots `prune` (and `collect --prune`) keeps.
struct RetentionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Keep snapshots taken within this long of now: 90d, 12h, 2w, 30m.", valueName: "duration"))
    var keep: String?

    @Option(help: ArgumentHelp("Keep the latest N snapshots.", valueName: "n"))
    var keepSnapshots: Int?

    var given: Bool { keep != nil || keepSnapshots != nil }

    func policy() throws -> RetentionPolicy {
        do {
            return try RetentionPolicy(age: keep, count: keepSnapshots)
        } catch let error as StoreError {
            throw ValidationError(error.errorDescription ?? "\(error)")
        }
    }
}

/// The lines `prune` and `collect --prune` print about a plan or a finished prune.
enum PruneSummary {
    static func plan(_ plan: PrunePlan?, dryRun: Bool) -> [String] {
        guard let plan, !plan.isEmpty else {
            return ["nothing to prune: every snapshot is kept" + (plan.map { " (oldest kept: \($0.oldestKept))" } ?? "")]
        }
        let verb = dryRun ? "would remove" : "removed"
        let range = plan.removed.map { " (\($0.lowerBound)-\($0.upperBound))" } ?? ""
        var lines = ["\(verb) \(plan.removedSnapshots) snapshot(s)\(range); keeping \(plan.oldestKept)-\(plan.latest)"]
        for (table, n) in plan.rows.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(table): \(n) row(s)")
        }
        return lines
    }

    static func result(_ result: PruneResult) -> [String] {
        var lines = plan(result.plan, dryRun: false)
        guard !result.plan.isEmpty else { return lines }
        lines.append(
            "  file: \(result.bytesBefore) -> \(result.bytesAfter) bytes (\(result.bytesBefore - result.bytesAfter) reclaimed by VACUUM)")
        lines.append("  chain re-anchored at snapshot \(result.plan.oldestKept) (`posture verify` checks from there; the reason is in chain_anchors)")
        return lines
    }
}
