import Foundation
import PostureChecks
import PostureFacts
import PostureStore

@testable import PostureReport

/// A fresh posture database in its own temporary folder, filled by writing snapshots through
/// `PostureDatabase.writeSnapshot` exactly as `collect` does; removed when the test ends.
final class ReportFixture {
    static let engine = "unix:///var/run/docker.sock"

    struct Container {
        var name: String
        var id: String
        var image = "nginx:1.27"
        var privileged = false
        var memory: Int64? = nil
        var running = true
        var mounts: [(destination: String, source: String, rw: Bool)] = []

        init(_ name: String, id: String? = nil, privileged: Bool = false, memory: Int64? = nil,
             mounts: [(destination: String, source: String, rw: Bool)] = [])
        {
            self.name = name
            self.id = id ?? "id-" + name
            self.privileged = privileged
            self.memory = memory
            self.mounts = mounts
        }
    }

    struct Result {
        let check: String
        let resource: String
        let status: String
        let reason: String
        var severity: String? = nil
        var title: String? = nil
        var section: String? = nil
    }

    let folder: String
    let path: String
    let store: PostureDatabase
    let catalog: CheckCatalog

    private let keep: Bool

    /// A database in a new temporary folder, or at `path` (kept after the test).
    init(path: String? = nil, catalog: CheckCatalog = ReportFixture.makeCatalog()) throws {
        self.catalog = catalog
        if let path {
            folder = (path as NSString).deletingLastPathComponent
            self.path = path
            keep = true
        } else {
            folder = NSTemporaryDirectory() + "posture-report-test-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            self.path = folder + "/posture.db"
            keep = false
        }
        store = try PostureDatabase(path: self.path)
    }

    deinit { if !keep { try? FileManager.default.removeItem(atPath: folder) } }

    /// The checks of the test scenario (a stand-in for the embedded catalog, which grows).
    static func makeCatalog() -> CheckCatalog {
        func check(_ id: String, _ title: String, _ severity: Severity, _ section: Section, cis: String?, remediation: String) -> Check {
            Check(
                id: id, title: title, severity: severity, section: section, cis: cis, rationale: "Why \(id) matters.",
                remediation: remediation, path: "\(section.rawValue)/\(id).sql", sql: "-- id: \(id)\nSELECT 1;")
        }
        return CheckCatalog(checks: [
            check("daemon-live-restore-off", "Live restore disabled", .low, .daemon, cis: "2.15",
                  remediation: "Set \"live-restore\": true in daemon.json."),
            check("ctr-healthcheck", "No healthcheck", .low, .container, cis: "5.26", remediation: "Add a HEALTHCHECK."),
            check("ctr-privileged", "Privileged container", .critical, .container, cis: "5.5",
                  remediation: "Recreate without --privileged."),
            check("res-memory", "No memory limit", .medium, .resources, cis: "5.11", remediation: "Set --memory."),
        ])
    }

    static func resource(_ name: String) -> String { "\(engine)/containers/\(name)" }

    /// Writes one snapshot: the engine, its containers (with mounts), the findings and any
    /// `extra` collector results; a collector status other than ok writes no facts for it, as
    /// `collect` does.
    @discardableResult
    func snapshot(
        at takenAt: String, containers: [Container], findings: [Result], engineStatus: CollectorResult.Status = .ok,
        containersStatus: CollectorResult.Status = .ok, liveRestore: Bool = false, extra: [CollectorResult] = []
    ) throws -> Int64 {
        let scope: [String: FactValue] = ["engine_id": .text(Self.engine)]
        var results: [CollectorResult] = []
        if engineStatus == .ok {
            var engines = FactSet(
                table: "engines", columns: ["engine_id", "kind", "endpoint", "version", "live_restore", "reachable"],
                keyColumns: ["engine_id"], scope: scope)
            engines.append([
                "engine_id": .text(Self.engine), "kind": "docker", "endpoint": .text(Self.engine), "version": "28.2.2",
                "live_restore": .bool(liveRestore), "reachable": 1,
            ])
            results.append(CollectorResult(collector: "engine", engineID: Self.engine, itemCount: 1, facts: [engines]))
        } else {
            var patch = FactSet(
                table: "engines", columns: ["engine_id", "endpoint", "reachable", "error"], keyColumns: ["engine_id"],
                scope: scope, mode: .patch)
            patch.append(["engine_id": .text(Self.engine), "endpoint": .text(Self.engine), "reachable": 0, "error": "connection refused"])
            results.append(
                CollectorResult(collector: "engine", engineID: Self.engine, status: .failed, error: "connection refused", facts: [patch]))
        }
        if containersStatus == .ok && engineStatus == .ok {
            var set = FactSet(
                table: "containers",
                columns: ["engine_id", "container_id", "name", "image", "running", "privileged", "readonly_rootfs",
                          "no_new_privileges", "proc_unmasked", "memory_limit", "pid"],
                keyColumns: ["container_id"], scope: scope)
            var mounts = FactSet(
                table: "container_mounts", columns: ["engine_id", "container_id", "type", "source", "destination", "rw"],
                keyColumns: ["container_id", "destination"], scope: scope)
            for c in containers {
                set.append([
                    "engine_id": .text(Self.engine), "container_id": .text(c.id), "name": .text(c.name), "image": .text(c.image),
                    "running": .bool(c.running), "privileged": .bool(c.privileged), "readonly_rootfs": 0,
                    "no_new_privileges": 0, "proc_unmasked": 0, "memory_limit": .optional(c.memory),
                    "pid": .int(Int64(1000 + c.name.count)),
                ])
                for m in c.mounts {
                    mounts.append([
                        "engine_id": .text(Self.engine), "container_id": .text(c.id), "type": "bind", "source": .text(m.source),
                        "destination": .text(m.destination), "rw": .bool(m.rw),
                    ])
                }
            }
            results.append(
                CollectorResult(collector: "containers", engineID: Self.engine, itemCount: containers.count, facts: [set, mounts]))
        } else {
            let status: CollectorResult.Status = engineStatus == .ok ? containersStatus : .failed
            results.append(
                CollectorResult(
                    collector: "containers", engineID: Self.engine, status: status,
                    error: "engine unreachable; facts kept from the last successful collect"))
        }
        var set = FactSet(
            table: "findings", columns: ["check_id", "title", "severity", "section", "resource", "status", "reason", "sql_hash"],
            keyColumns: ["check_id", "resource"], scope: [:])
        for f in findings {
            let check = catalog.check(id: f.check)
            set.append([
                "check_id": .text(f.check), "title": .text(f.title ?? check?.title ?? f.check),
                "severity": .text(f.severity ?? check?.severity.rawValue ?? "info"),
                "section": .text(f.section ?? check?.section.rawValue ?? "container"), "resource": .text(f.resource),
                "status": .text(f.status), "reason": .text(f.reason), "sql_hash": .text(check?.sqlHash ?? "fnv1a64:0"),
            ])
        }
        results.append(CollectorResult(collector: "checks", engineID: nil, itemCount: findings.count, facts: [set]))
        results += extra
        return try store.writeSnapshot(
            SnapshotInput(takenAt: takenAt, host: "host-1", toolVersion: "test", results: results)
        ).snapshotID
    }

    func reader() throws -> ReadOnlyDatabase { try ReadOnlyDatabase(path: path) }

    func report(_ snapshot: Int64, filters: ReportFilters = .none, timeline: Bool = false) throws -> Report {
        try ReportLoader(db: reader(), catalog: catalog).load(snapshot: snapshot, filters: filters, withTimeline: timeline)
    }

    func diff(_ a: Int64, _ b: Int64, filters: ReportFilters = .none) throws -> Diff {
        try DiffLoader(db: reader(), catalog: catalog).load(from: a, to: b, filters: filters, withTimeline: true)
    }

    static let options = RenderOptions(color: false, toolVersion: "0.0.0-test")
}

/// The small scenario most format tests use: one engine, containers web (limited) and db
/// (privileged, unlimited), alarms of three checks, one check unknown to the catalog.
extension ReportFixture {
    static let webLimit: Int64 = 536_870_912

    static func scenarioFindings() -> [Result] {
        [
            Result(check: "ctr-privileged", resource: resource("web"), status: "ok", reason: "not privileged"),
            Result(check: "ctr-privileged", resource: resource("db"), status: "alarm", reason: "runs privileged"),
            Result(check: "res-memory", resource: resource("web"), status: "ok", reason: "memory limited to 512 MiB"),
            Result(check: "res-memory", resource: resource("db"), status: "alarm", reason: "no memory limit"),
            Result(check: "daemon-live-restore-off", resource: engine, status: "alarm", reason: "live-restore is off"),
            Result(check: "ctr-healthcheck", resource: resource("web"), status: "skip", reason: "not running long enough"),
            Result(
                check: "img-retired", resource: "\(engine)/images/sha256:abc", status: "alarm", reason: "stored reason",
                severity: "high", title: "Retired image check", section: "image"),
        ]
    }

    /// Writes the scenario as snapshot 1 and returns its id.
    @discardableResult
    func writeScenario() throws -> Int64 {
        try snapshot(
            at: "2026-11-29T10:00:00Z",
            containers: [Container("web", memory: Self.webLimit), Container("db", privileged: true)],
            findings: Self.scenarioFindings())
    }
}
