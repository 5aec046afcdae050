import ArgumentParser
import Foundation
import PostureChecks
import PostureCollect
import PostureFacts
import PostureHost
import PostureScans
import PostureStore

/// `posture collect`: snapshot every engine (and the host) into the database.
struct CollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Snapshot every container engine on this host into the database.",
        discussion: """
            Engines: each --engine, else $DOCKER_HOST / $CONTAINER_HOST and the usual sockets \
            (/var/run/docker.sock, /run/podman/podman.sock, /run/user/<uid>/docker.sock, \
            /run/user/<uid>/podman/podman.sock). The whole snapshot is written in one transaction; \
            only what changed since the previous snapshot is stored.

            An engine that can not be reached is recorded as unreachable and its facts are kept \
            as they were (never read as "no containers"). Exit status: 0 complete, 2 partial or \
            failed collection (see `posture snapshots`), 1 error.

            Examples:
              posture collect
              posture collect --engine unix:///run/user/1000/docker.sock --engine tcp://10.0.0.5:2376
              posture collect --quiet --db /var/lib/posture/posture.db     # for cron
              posture collect --scan-results /var/lib/trivy/reports          # also import new scanner reports
              posture collect --quiet --prune --keep 90d                     # cron, with retention
              posture collect --no-image-contents                            # skip reading image filesystems
              posture collect --scan                                         # scan unscanned images with trivy or grype
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("engine"), help: ArgumentHelp("Engine to collect (unix:///path.sock or tcp://host:port); repeatable.", valueName: "url"))
    var engines: [String] = []

    @Option(help: ArgumentHelp("Read host files (/proc, /sys/fs/cgroup, /etc, sockets) below this folder.", valueName: "dir"))
    var hostRoot: String = "/"

    @Option(help: "Concurrent inspect requests per engine.")
    var concurrency: Int = 8

    @Option(help: "Seconds to wait for each engine request.")
    var timeout: Int64 = 10

    @Option(help: ArgumentHelp("Import every scanner report (Trivy, Grype, Snyk JSON) in this folder that is not recorded yet.", valueName: "dir"))
    var scanResults: String?

    @Flag(help: "Scan every image without a scan by the installed trivy or grype (current database) and import the results; a no-op with a note when neither is on PATH.")
    var scan = false

    @Option(help: "Images scanned at once by --scan.")
    var scanConcurrency: Int = 2

    @Flag(help: "Do not read host files (daemon process and config, socket access, cgroups, /proc of containers).")
    var skipHost = false

    @Flag(help: "Do not read image filesystems (shells, package managers, setuid files, accounts, secret files); stored image contents are kept.")
    var noImageContents = false

    @Flag(help: "Print nothing but warnings and errors (for cron).")
    var quiet = false

    @Flag(help: "After the snapshot is written, prune old snapshots (needs --keep or --keep-snapshots, as for `posture prune`).")
    var prune = false

    @OptionGroup var retention: RetentionOptions

    @OptionGroup var lock: LockTimeoutOption

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1 second") }
        try validatePrune()
        guard scanConcurrency >= 1 else { throw ValidationError("--scan-concurrency must be at least 1") }
    }

    func run() async throws {
        let start = ContinuousClock.now
        let takenAt = UTCTime.now()
        let endpoints: [EngineEndpoint]
        var looked: [String] = []
        if engines.isEmpty {
            (endpoints, looked) = try EngineDiscovery.discover(hostRoot: hostRoot)
        } else {
            endpoints = EngineDiscovery.dedupe(try engines.map { try EngineEndpoint.parse($0, source: "--engine") })
        }
        // The store opens while the engines answer their first questions. A new database (no
        // key yet) is opened first, as before: its key is made only beside a working store.
        let opening = StoreOpening(path: database.path, busyTimeout: lock.lockTimeout)
        let keyPath = SecretKey.path(forDatabase: database.path)
        let key: Data
        if let existing = SecretKey.load(path: keyPath) {
            key = existing
        } else {
            _ = try await opening.opened()
            key = try SecretKey.loadOrCreate(path: keyPath)
        }
        let hasher = SecretHasher(key: key)

        let tls = endpoints.lazy.compactMap { endpoint -> EngineEndpoint.TLSFiles? in
            if case .tcp(_, _, let tls) = endpoint.transport { return tls }
            return nil
        }.first
        let session = try EngineSession(timeoutSeconds: timeout, concurrency: concurrency, tls: tls)
        // Host facts are read while the engines still answer: the cgroup and /proc facts of each
        // running container as soon as its inspect arrives, the daemon behind each local engine
        // as soon as the engine's kind is known.
        let hostReadings = skipHost ? nil : ContainerHostReadings(hostRoot: hostRoot)
        let daemonReadings = skipHost ? nil : EarlyDaemonReadings(hostRoot: hostRoot)
        // The containers that ran at the last snapshot are read at their pid then, as soon as
        // the store is open; an inspect giving another pid has its container read again.
        opening.whenOpen { opened in
            for endpoint in endpoints {
                guard case .unix = endpoint.transport, let hostReadings else { continue }
                for container in opened.known[endpoint.id] ?? [] {
                    guard let pid = container.pid else { continue }
                    hostReadings.readSoon(engineID: endpoint.id, containerID: container.containerID, pid: pid)
                }
            }
        }
        // Once an engine shows a changed container (it had containers at the last snapshot:
        // on a first one every check runs whole), the checks are parsed and the per-container
        // ones prepared on the store's connection while the engines answer (``CheckLoading``).
        // Nothing reads the public views on that connection until the snapshot's write, which
        // uses or drops what is prepared.
        let checks = CheckLoading()
        let collecting = Task { [concurrency, hostRoot] in
            await Collection.collectEngines(
                endpoints, session: session, hasher: hasher, concurrency: concurrency,
                knownLater: { await opening.known(engineID: $0.id) },
                knownImagesLater: { await opening.knownImages(engineID: $0.id) },
                inspected: { endpoint, containerID, pid in
                    guard case .unix = endpoint.transport else { return }  // a remote host's pids are not ours
                    hostReadings?.readSoon(engineID: endpoint.id, containerID: containerID, pid: pid)
                },
                identified: { [hostRoot] endpoint, kind, rootless in
                    opening.whenOpen { opened in
                        daemonReadings?.start(
                            Self.hostEngine(
                                endpoint, kind: kind, rootless: rootless, hostRoot: hostRoot,
                                lastDaemonPID: opened.daemonPIDs[endpoint.id]))
                    }
                },
                containersChanged: { endpoint, _ in
                    opening.whenOpen { opened in
                        if opened.known[endpoint.id]?.isEmpty == false { checks.start(preparingOn: opened.store) }
                    }
                })
        }
        let opened: StoreOpening.Opened
        do {
            opened = try await opening.opened()
        } catch {
            // Nothing can be written, so the engines' answers are not waited for (a request to a
            // hung engine would hold the error back for its whole timeout); the process ends.
            collecting.cancel()
            await session.shutdown()
            throw error
        }
        let collections = await collecting.value
        let store = opened.store
        let daemonPIDs = opened.daemonPIDs
        // New images are analysed while the host is read; the session stays open until then.
        async let imageContents = ImageContentsStep(
            enabled: !noImageContents, hostRoot: hostRoot,
            concurrency: max(1, min(concurrency, ProcessInfo.processInfo.activeProcessorCount)),
            showProgress: !quiet && isatty(STDERR_FILENO) == 1
        ).collect(collections, session: session, store: store)

        var results = collections.flatMap(\.results)
        if !skipHost {
            results += HostCollector(hostRoot: hostRoot).collect(
                engines: collections.map { hostEngine($0, lastDaemonPID: daemonPIDs[$0.endpoint.id]) },
                containers: collections.flatMap { c in
                    c.containers.map { HostContainer(engineID: c.endpoint.id, containerID: $0.containerID, pid: $0.pid) }
                }, readings: hostReadings, daemons: daemonReadings)
        }
        results += await imageContents
        await session.shutdown()
        if endpoints.isEmpty {
            results.append(
                CollectorResult(
                    collector: "discovery", engineID: nil, status: .skipped,
                    error: "no container engine found; looked at " + looked.joined(separator: ", ")))
        }
        if let scanResults {
            let recorded = try ImportCommand.recordedScans(path: database.path)
            results.append(ScanImport.collect(directory: scanResults, recorded: recorded).result)
        }
        if scan { results.append(try scanImages(found: results)) }
        let input = SnapshotInput(
            takenAt: takenAt, host: ProcessInfo.processInfo.hostName, toolVersion: Posture.version, results: results)
        // The checks run once the facts are written, in the same transaction. What is being
        // prepared is waited for before it (preparing needs the connection the write holds);
        // otherwise the catalogue is parsed while the facts are written.
        let prepared = checks.prepared()
        checks.start(preparingOn: nil)
        let summary = try store.writeSnapshot(input, durationMs: elapsedMilliseconds(since: start)) { db, snapshot, write in
            try CheckRunner(catalog: try checks.catalog()).afterFacts(db, snapshot, prepared: prepared, write)
        }

        for result in results where result.status == .failed || result.status == .partial {
            let engine = result.engineID.map { " (\($0))" } ?? ""
            printError("warning: \(result.collector)\(engine) \(result.status.rawValue): \(result.error ?? "")")
        }
        if endpoints.isEmpty {
            printError("warning: no container engine found (give one with --engine, or set DOCKER_HOST)")
        }
        if !quiet {
            print(CollectSummary(collections: collections, write: summary, path: database.path).text)
            if let line = ImageContentsStep.summary(results) { print(line) }
            print(try alarmSummary())
        }
        if prune { try pruneAfterCollect(store, status: summary.status) }
        if summary.status != "complete" { throw ExitCode(2) }
    }
}

extension CollectCommand {
    /// What the host collectors need to know of an engine. A socket found below `--host-root`
    /// is handed over as its path on the host (the collectors add the root themselves).
    func hostEngine(_ collection: EngineCollection, lastDaemonPID: Int?) -> HostEngine {
        Self.hostEngine(
            collection.endpoint, kind: collection.kind, rootless: collection.rootless, hostRoot: hostRoot,
            lastDaemonPID: lastDaemonPID)
    }

    static func hostEngine(
        _ endpoint: EngineEndpoint, kind: String?, rootless: Bool?, hostRoot: String, lastDaemonPID: Int?
    ) -> HostEngine {
        var socket = endpoint.socketPath
        let root = hostRoot.hasSuffix("/") ? String(hostRoot.dropLast()) : hostRoot
        if let path = socket, !root.isEmpty, path.hasPrefix(root + "/") {
            socket = String(path.dropFirst(root.count))
        }
        return HostEngine(
            engineID: endpoint.id, kind: kind ?? (socket?.contains("podman") == true ? "podman" : "docker"),
            socketPath: socket, rootless: rootless, lastDaemonPID: lastDaemonPID)
    }

    /// One line counting the alarming findings of the new snapshot by severity.
    func alarmSummary() throws -> String {
        let db = try ReadOnlyDatabase(path: database.path)
        let rows = try db.query(
            """
            SELECT severity, count(*) FROM findings WHERE status = 'alarm'
            GROUP BY severity ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1
              WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END
            """
        ).rows
        if rows.isEmpty { return "  findings: no alarms" }
        let parts = rows.map { "\($0[1].text ?? "0") \($0[0].text ?? "?")" }
        return "  findings: " + parts.joined(separator: ", ") + " alarms (details: posture report)"
    }
}

/// The few lines `collect` prints for people: engines, counts, and what changed.
struct CollectSummary {
    let collections: [EngineCollection]
    let write: SnapshotWriteSummary
    let path: String

    var text: String {
        var lines = ["snapshot \(write.snapshotID) (\(write.status)) written to \(path)"]
        for c in collections {
            if c.reachable {
                let running = c.containers.filter { $0.pid != nil }.count
                lines.append(
                    "  \(c.kind ?? "engine") \(c.endpoint.id)\(c.rootless == true ? " (rootless)" : ""): "
                        + "\(running) running / \(c.containers.count) containers, \(c.imageCount) images, \(c.networkCount) networks")
            } else {
                lines.append("  \(c.endpoint.id): unreachable")
            }
        }
        let changed = write.changes.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
        if changed.isEmpty {
            lines.append(write.snapshotID == 1 ? "  first snapshot: nothing recorded" : "  no changes since the previous snapshot")
        } else {
            let parts = changed.map { table, c in
                "\(table) " + [c.added > 0 ? "+\(c.added)" : nil, c.removed > 0 ? "-\(c.removed)" : nil, c.changed > 0 ? "~\(c.changed)" : nil]
                    .compactMap { $0 }.joined(separator: " ")
            }
            lines.append("  changes: " + parts.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

func elapsedMilliseconds(since start: ContinuousClock.Instant) -> Int {
    let d = ContinuousClock.now - start
    return Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
}

/// Writes a diagnostic line to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
