import Foundation

/// Every error the store reports, with what failed, on what, and what to do.
public enum StoreError: Error, LocalizedError, Equatable {
    case noDatabase(path: String)
    case cannotCreate(path: String, reason: String)
    case cannotOpen(path: String, reason: String)
    case newerSchema(path: String, found: Int, known: Int)
    case unknownSnapshot(String)
    case noSnapshots(path: String)
    case refused(String)
    case queryFailed(String)
    case timeout(seconds: Double)
    case unknownTable(String)
    case badRetention(String)
    case cannotPrune(path: String, reason: String)
    case locked(path: String, seconds: Double)
    case diskFull(path: String)
    case writeFailed(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .noDatabase(let path):
            return "no posture database at \(path) (run `posture collect` first, or pass --db / set POSTURE_DB)"
        case .cannotCreate(let path, let reason):
            return "cannot create the database at \(path): \(reason) (choose another place with --db, or fix the folder's permissions)"
        case .cannotOpen(let path, let reason):
            return "cannot open the database at \(path): \(reason)"
        case .newerSchema(let path, let found, let known):
            return "the database at \(path) has schema version \(found), newer than this posture knows (\(known)); upgrade posture"
        case .unknownSnapshot(let what):
            return "no snapshot matches \(what) (list them with `posture snapshots`)"
        case .noSnapshots(let path):
            return "the database at \(path) holds no snapshot yet (run `posture collect`)"
        case .refused(let why):
            return "query refused: \(why); `posture query` only reads (use sqlite3 on a copy to change data)"
        case .queryFailed(let message):
            return "query failed: \(message)"
        case .timeout(let seconds):
            return "query stopped after \(seconds) s (raise --timeout, or add a WHERE clause or LIMIT)"
        case .badRetention(let why):
            return why
        case .cannotPrune(let path, let reason):
            return "cannot prune the database at \(path): \(reason)"
        case .unknownTable(let name):
            return "no table or view named \(name) (list them with `posture schema`)"
        case .locked(let path, let seconds):
            return "the database at \(path) is locked: another process (another collect or import, or a "
                + "sqlite3 session with an open write transaction) held it for more than \(formatSeconds(seconds)) s; "
                + "nothing was written (try again later, or wait longer with --lock-timeout)"
        case .diskFull(let path):
            return "cannot write to the database at \(path): the disk is full; nothing was written "
                + "(free space on its filesystem and run the command again)"
        case .writeFailed(let path, let reason):
            return "cannot write to the database at \(path): \(reason); nothing was written"
        }
    }
}

/// `30` for whole seconds, `0.5` otherwise.
private func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
}
