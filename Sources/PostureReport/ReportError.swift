import Foundation

/// Every error `posture report` raises, saying what failed, on what, and what to do next.
public enum ReportError: Error, LocalizedError, Equatable {
    /// The database predates the `findings` table.
    case noFindingsTable(path: String)
    /// Fewer complete snapshots than a default diff needs.
    case notEnoughCompleteSnapshots(found: Int)
    /// The diff's sides are in the wrong order.
    case sidesReversed(from: Int64, to: Int64)
    /// Writing the output failed.
    case cannotWrite(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .noFindingsTable(let path):
            return "the database at \(path) has no findings table (it was written by an older posture; run `posture collect` with this version first)"
        case .notEnoughCompleteSnapshots(let found):
            return "report --diff compares the two latest complete snapshots, but the database holds \(found) (name the snapshots: posture report --diff A B; list them with `posture snapshots`)"
        case .sidesReversed(let from, let to):
            return "snapshot \(from) is not older than snapshot \(to) (give the older snapshot first: posture report --diff \(to) \(from))"
        case .cannotWrite(let path, let reason):
            return "cannot write the report to \(path): \(reason) (choose another --output)"
        }
    }
}
