import Foundation
import PostureFacts

/// A check fixture: the facts of one snapshot, read from `Fixtures/checks/<name>/facts.json`,
/// and the findings expected from them, read from `Fixtures/checks/<name>/expected`.
///
/// facts.json holds `taken_at`, optional per-table `defaults` (merged under every row), and
/// one list per fact table. Engines may nest `daemon` (its `daemons` row), `daemon_config`
/// (settings) and `access` (the socket and its `principals`: `host_access`); containers may
/// nest `mounts`, `ports`, `networks` (names), `cap_add`/`cap_drop` (names), `env`, `labels`,
/// `process` (`container_processes`) and `cgroup` (`cgroup_limits`); images may nest `tags`
/// (references; those with `@` are digests), `env`, `history` (created_by strings, oldest
/// first), `contents` (`image_contents`), `files` (`image_files`) and `accounts` (`image_accounts`); `scans` may nest `vulnerabilities` (`scan_vulnerabilities`). The
/// loader fills the parent keys of nested rows and the columns the schema requires
/// (see Fixtures/checks/README.md); everything else is as written.
struct Scenario {
    let name: String
    let takenAt: String
    let tables: [String: [[String: FactValue]]]

    static let fixturesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/checks")

    static var all: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixturesFolder.path)) ?? []
        return names.filter {
            FileManager.default.fileExists(atPath: fixturesFolder.appendingPathComponent("\($0)/facts.json").path)
        }.sorted()
    }

    var expectedURL: URL { Self.fixturesFolder.appendingPathComponent("\(name)/expected") }

    /// Natural keys of each fact table, as the collectors write them.
    static let keys: [String: [String]] = [
        "engines": ["engine_id"],
        "containers": ["engine_id", "container_id"],
        "container_mounts": ["engine_id", "container_id", "destination"],
        "container_ports": ["engine_id", "container_id", "container_port", "protocol", "host_ip", "host_port"],
        "container_networks": ["engine_id", "container_id", "network_name"],
        "container_capabilities": ["engine_id", "container_id", "capability", "action"],
        "container_env": ["engine_id", "container_id", "key"],
        "container_labels": ["engine_id", "container_id", "key"],
        "images": ["engine_id", "image_id"],
        "image_tags": ["engine_id", "image_id", "reference"],
        "image_env": ["engine_id", "image_id", "key"],
        "image_history": ["engine_id", "image_id", "step"],
        "networks": ["engine_id", "network_id"],
        "volumes": ["engine_id", "name"],
        "daemons": ["engine_id"],
        "daemon_config": ["engine_id", "key"],
        "host_access": ["engine_id", "principal", "via"],
        "cgroup_limits": ["engine_id", "container_id"],
        "container_processes": ["engine_id", "container_id"],
        "scans": ["scan_id"],
        "scan_vulnerabilities": ["scan_id", "vulnerability_id", "package", "installed_version", "target", "pkg_path"],
        "image_contents": ["engine_id", "image_id"],
        "image_files": ["engine_id", "image_id", "category", "path"],
        "image_accounts": ["engine_id", "image_id", "kind", "name"],
    ]

    static func load(_ name: String) throws -> Scenario {
        let url = fixturesFolder.appendingPathComponent("\(name)/facts.json")
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: url))
        guard let document = json.object, let takenAt = document["taken_at"]?.string else {
            throw FixtureError("\(url.path): expected an object with taken_at")
        }
        return Scenario(name: name, takenAt: takenAt, tables: try FixtureRows(document: document).tables)
    }

    init(name: String, takenAt: String, tables: [String: [[String: FactValue]]]) {
        self.name = name
        self.takenAt = takenAt
        self.tables = tables
    }

    /// The scenario as one snapshot's input: one collector result holding a complete fact set
    /// per table (tables the fixture does not mention are written empty).
    func snapshotInput() -> SnapshotInput {
        var facts: [FactSet] = []
        for table in Self.keys.keys.sorted() {
            let rows = tables[table] ?? []
            var columns = Set(Self.keys[table]!)
            for row in rows { columns.formUnion(row.keys) }
            let ordered = columns.sorted()
            var set = FactSet(table: table, columns: ordered, keyColumns: Self.keys[table]!, scope: [:])
            for row in rows { set.append(row) }
            facts.append(set)
        }
        return SnapshotInput(
            takenAt: takenAt, host: "fixture-\(name)", toolVersion: "test",
            results: [CollectorResult(collector: "fixture", engineID: nil, itemCount: facts.count, facts: facts)])
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
