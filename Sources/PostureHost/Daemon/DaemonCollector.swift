import Foundation
import PostureFacts

/// Collector `daemon`: the engine's daemon process and its effective settings.
///
/// Reads, below the host root: the pid file next to the socket, `/proc/<pid>/{comm,cmdline,
/// status,stat,exe,net/unix,fd}`, `/proc/stat` (btime), `/etc/passwd`, and the configuration:
/// Docker `daemon.json` (`--config-file`, else the hint, else `/etc/docker/daemon.json`, rootless
/// `~/.config/docker/daemon.json`); Podman `containers.conf`, `registries.conf`, `policy.json`.
/// Fills `daemons` and `daemon_config`.
struct DaemonCollector {
    static let daemonColumns = [
        "engine_id", "kind", "pid", "process_name", "found_via", "uid", "euid", "gid", "egid", "user", "exe",
        "cmdline", "started_at", "config_path", "config_exists", "config_uid", "config_gid", "config_mode",
        "config_mtime", "config_changed_after_start",
    ]
    static let configColumns = ["engine_id", "key", "value", "source", "file_path"]

    let context: HostContext
    var files: HostFiles { context.files }

    func collect(engine: HostEngine, socket: String) -> CollectorResult {
        let outcome = CollectorOutcome(collector: "daemon", engineID: engine.engineID)
        var problems: [HostError] = []
        let socketOwner = try? files.info(socket).uid
        let found: DaemonLocator.Found?
        do {
            found = try DaemonLocator(context: context).locate(
                kind: engine.kind, socket: socket, socketOwner: socketOwner, hint: engine.configFileHint,
                lastPID: engine.lastDaemonPID)
        } catch {
            // Docker's settings are on its command line: without the process there is nothing to
            // record. A socket-activated Podman service may simply be idle: its files still count.
            guard engine.kind == "podman" else { return outcome.result(.failed, error: error.description) }
            problems.append(error)
            found = nil
        }
        let accounts = try? context.accounts.get()
        if case .failure(let error) = context.accounts { problems.append(error) }
        let process = found?.process
        let owner = process?.status.realUID ?? socketOwner ?? ownerFromRuntimeDir(socket)
        let rootless = engine.rootless ?? ((process?.status.effectiveUID ?? socketOwner ?? 0) != 0)
        let home = rootless ? owner.flatMap { accounts?.user(uid: $0)?.home } : nil

        let config: (path: String?, settings: [DaemonSetting])
        if engine.kind == "podman" {
            config = podmanSettings(arguments: process?.arguments ?? [], home: home, problems: &problems)
        } else {
            config = dockerSettings(
                arguments: process?.arguments ?? [], hint: engine.configFileHint, rootless: rootless, home: home,
                problems: &problems)
        }
        // Settings that could not be read must not be closed as removed; a daemon that was not
        // found must not be closed either. An unreadable exe or start time changes neither.
        let settingsMode: FactSet.Mode = problems.isEmpty ? .complete : .partial

        var daemons = FactSet(
            table: "daemons", columns: Self.daemonColumns, keyColumns: ["engine_id"],
            scope: ["engine_id": .text(engine.engineID)], mode: found == nil ? .partial : .complete)
        if let found {
            if let error = found.process.exeError { problems.append(error) }
            daemons.append(
                daemonRow(engine: engine, found: found, user: accounts, configPath: config.path, problems: &problems))
        }
        var settings = FactSet(
            table: "daemon_config", columns: Self.configColumns, keyColumns: ["key"],
            scope: ["engine_id": .text(engine.engineID)], mode: settingsMode)
        for setting in config.settings {
            settings.append([
                "engine_id": .text(engine.engineID), "key": .text(setting.key), "value": .text(setting.value),
                "source": .text(setting.source.rawValue), "file_path": .optional(setting.filePath),
            ])
        }
        return outcome.result(
            problems.isEmpty ? .ok : .partial, error: problems.isEmpty ? nil : problems.map(\.description).joined(separator: "; "),
            itemCount: daemons.rows.count + settings.rows.count, facts: [daemons, settings])
    }

    private func daemonRow(
        engine: HostEngine, found: DaemonLocator.Found, user accounts: Accounts?, configPath: String?,
        problems: inout [HostError]
    ) -> [String: FactValue] {
        let process = found.process
        var startSeconds: Double?
        switch context.bootTime {
        case .success(let btime):
            startSeconds = process.startTicks.map { ProcessClock.startSeconds(bootTime: btime, startTicks: $0) }
        case .failure(let error):
            problems.append(error)
        }
        var row: [String: FactValue] = [
            "engine_id": .text(engine.engineID), "kind": .text(engine.kind), "pid": .optional(process.pid),
            "process_name": .text(process.comm), "found_via": .text(found.via),
            "uid": .optional(process.status.realUID), "euid": .optional(process.status.effectiveUID),
            "gid": .optional(process.status.realGID), "egid": .optional(process.status.effectiveGID),
            "user": .optional(process.status.realUID.flatMap { accounts?.user(uid: $0)?.name }),
            "exe": .optional(process.exe), "cmdline": .text(process.commandLine),
            "started_at": .optional(startSeconds.map(ProcessClock.iso8601)), "config_path": .optional(configPath),
        ]
        guard let configPath else { return row }
        do {
            let info = try files.info(configPath)
            row["config_exists"] = .bool(true)
            row["config_uid"] = .optional(info.uid)
            row["config_gid"] = .optional(info.gid)
            row["config_mode"] = .text(SocketAccess.octal(info.permissions))
            row["config_mtime"] = .text(ProcessClock.iso8601(info.mtime))
            row["config_changed_after_start"] = .optional(startSeconds.map { info.mtime > $0 })
        } catch .notFound {
            row["config_exists"] = .bool(false)
        } catch {
            problems.append(error)
        }
        return row
    }

    /// The uid in a rootless runtime directory path (`/run/user/1000/podman/podman.sock` → 1000).
    private func ownerFromRuntimeDir(_ socket: String) -> Int? {
        let parts = socket.split(separator: "/")
        guard parts.count > 2, parts[0] == "run", parts[1] == "user" else { return nil }
        return Int(parts[2])
    }
}
