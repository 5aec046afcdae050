import PostureFacts

/// Collector `host-access`: who can connect to the engine's unix socket, and whether that makes
/// them root on the host.
///
/// Reads `stat` of the socket, `/etc/passwd` and `/etc/group` below the host root. Fills
/// `host_access`. The engine counts as rootful unless it reports itself rootless; when it does
/// not say, a socket owned by a user other than root is taken as rootless.
struct HostAccessCollector {
    static let columns = [
        "engine_id", "socket_path", "mode", "owner", "owner_uid", "group", "group_gid", "principal",
        "principal_uid", "via", "rootless", "root_equivalent",
    ]

    let context: HostContext

    func collect(engine: HostEngine, socket: String) -> CollectorResult {
        let outcome = CollectorOutcome(collector: "host-access", engineID: engine.engineID)
        let info: HostFiles.Info
        let accounts: Accounts
        do {
            info = try context.files.info(socket)
            accounts = try context.accounts.get()
        } catch {
            return outcome.result(error.isPermission ? .skipped : .failed, error: error.description)
        }
        let rootless = engine.rootless ?? (info.uid != 0)
        var set = FactSet(
            table: "host_access", columns: Self.columns, keyColumns: ["principal", "via"],
            scope: ["engine_id": .text(engine.engineID)])
        for access in SocketAccess.principals(of: info, accounts: accounts) {
            set.append([
                "engine_id": .text(engine.engineID), "socket_path": .text(socket),
                "mode": .text(SocketAccess.octal(info.permissions)), "owner": .text(accounts.userName(uid: info.uid)),
                "owner_uid": .optional(info.uid), "group": .text(accounts.groupName(gid: info.gid)),
                "group_gid": .optional(info.gid), "principal": .text(access.principal),
                "principal_uid": .optional(access.principalUID), "via": .text(access.via.rawValue),
                "rootless": .bool(rootless), "root_equivalent": .bool(!rootless),
            ])
        }
        return outcome.result(.ok, itemCount: set.rows.count, facts: [set])
    }
}
