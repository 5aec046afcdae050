import ArgumentParser
import Foundation
import PostureStore

/// `posture verify`: recompute the tamper-evident chain and name the first snapshot that no
/// longer matches.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that no recorded fact was changed, inserted or deleted since it was written.",
        discussion: """
            Recomputes, from every row's column values, the digest of the facts valid in each \
            snapshot and the hash chaining it to the previous one, and compares them with what \
            each snapshot recorded when it was written. Prints OK with the number of snapshots \
            verified and the chain's head hash, or names the first snapshot that does not match \
            and what differs. Read-only: works for a user who can only read the file.

            The chain is stored in the same file: someone who can write the file and runs \
            posture's own code can rebuild it. Record the head hash elsewhere (a log, a ticket) \
            and compare it later to detect that too.

            Exit status: 0 verified, 4 a snapshot does not match, 1 error.

            Examples:
              posture verify
              posture verify --db /var/lib/posture/posture.db
            """)

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let db = try ReadOnlyDatabase(path: database.path)
        let result = try ChainVerifier.verify(db)
        if let failure = result.failure {
            let when = failure.takenAt.map { " (taken \($0))" } ?? ""
            print("FAILED: snapshot \(failure.snapshotID)\(when) no longer matches what was recorded:")
            for problem in failure.problems { print("  - \(problem)") }
            if result.snapshotsVerified > 0, let first = result.firstSnapshot {
                print("  snapshots \(first)-\(failure.snapshotID - 1) before it verified (\(result.snapshotsVerified))")
            }
            let id = failure.snapshotID
            let tables = failure.problems.compactMap { problem in
                problem.range(of: "_versions: ").map { problem[..<$0.lowerBound] }
            }
            if let table = tables.first {
                print("  look at its versions: posture query \"select * from \(table)_history where valid_from <= \(id) and (valid_to is null or valid_to >= \(id))\"")
            } else {
                print("  look at its records: posture snapshots --show \(id)")
            }
            throw ExitCode(4)
        }
        guard let first = result.firstSnapshot, let last = result.lastSnapshot else {
            print("OK: no snapshot to verify in \(database.path)")
            return
        }
        print("OK: \(result.snapshotsVerified) snapshot(s) verified (\(first)-\(last))")
        if let anchor = result.anchor {
            print("  anchored at snapshot \(anchor.snapshotID) on \(anchor.anchoredAt): \(anchor.reason)")
        }
        if let head = result.head { print("  head \(head)") }
    }
}
