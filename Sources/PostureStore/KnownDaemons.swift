import GRDB

extension PostureDatabase {
    /// Per engine ID, the host pid of the daemon process found at the last snapshot (open
    /// versions of `daemons`): the first candidate a collect checks for the engine's daemon.
    ///
    /// Reads `daemons_versions`; writes nothing.
    public func lastDaemonPIDs() throws -> [String: Int] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT engine_id, pid FROM daemons_versions WHERE valid_to IS NULL")
            return Dictionary(rows.map { ($0[0], $0[1]) }, uniquingKeysWith: { a, _ in a })
        }
    }
}
