import Foundation
import Testing
@testable import PostureStore

@Suite("schema")
struct SchemaTests {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test("the embedded schema matches schema/ on disk (run scripts/embed-resources when this fails)")
    func embeddedIsFresh() throws {
        let folder = Self.repositoryRoot.appendingPathComponent("schema")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files == EmbeddedSchema.files.map(\.path))
        for (path, sql) in EmbeddedSchema.files {
            let disk = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
            #expect(disk.trimmingCharacters(in: .newlines) == sql, "\(path) is stale")
        }
    }

    @Test("every column of every public table and view has a description")
    func everyColumnDescribed() throws {
        let catalog = try SchemaCatalog.load()
        #expect(catalog.relations.count > 20)
        for relation in catalog.relations {
            #expect(!relation.description.isEmpty, "\(relation.name) has no description")
            #expect(!relation.columns.isEmpty, "\(relation.name) has no columns")
            for column in relation.columns {
                #expect(!column.description.isEmpty, "\(relation.name).\(column.name) has no description")
            }
        }
    }

    @Test("every versions table has a current view that snapshot scoping can rewrite, and a history view")
    func everyTableScoped() throws {
        let db = try TestDatabase()
        let reader = try db.reader()
        let tables = try reader.query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE '%\\_versions' ESCAPE '\\'")
            .rows.compactMap { $0.first?.text }
        #expect(tables.count >= 10)
        let views = try reader.query("SELECT name, sql FROM sqlite_schema WHERE type = 'view'").rows
        for table in tables {
            let name = String(table.dropLast("_versions".count))
            let current = views.first { $0[0].text == name }
            #expect(current.flatMap { $0[1].text }.flatMap(SnapshotScope.versionsTable(inViewSQL:)) == table, "\(name)")
            #expect(views.contains { $0[0].text == name + "_history" }, "\(name)_history")
        }
    }

    @Test("the public contract: DESIGN.md's required columns exist")
    func publicColumns() throws {
        let required: [String: [String]] = [
            "snapshots": ["id", "taken_at", "host", "status", "tool_version", "schema_version"],
            "snapshot_collectors": ["snapshot_id", "collector", "engine_id", "status", "error", "item_count", "duration_ms"],
            "engines": ["engine_id", "kind", "endpoint", "version", "api_version", "rootless", "userns_remap", "live_restore",
                "cgroup_version", "cgroup_driver", "seccomp_profile", "security_options", "reachable"],
            "containers": ["engine_id", "container_id", "name", "image", "image_id", "state", "running", "privileged", "user",
                "readonly_rootfs", "network_mode", "pid_mode", "ipc_mode", "uts_mode", "userns_mode", "memory_limit",
                "memory_swap", "nano_cpus", "cpu_quota", "cpu_period", "cpu_shares", "pids_limit", "restart_policy",
                "no_new_privileges", "seccomp_profile", "apparmor_profile", "pid", "started_at"],
            "container_mounts": ["container_id", "type", "source", "destination", "rw", "propagation"],
            "container_ports": ["container_id", "container_port", "protocol", "host_ip", "host_port"],
            "container_networks": ["container_id", "network_id", "network_name", "ip_address"],
            "container_capabilities": ["container_id", "capability", "action"],
            "container_env": ["container_id", "key", "value_hash"],
            "images": ["engine_id", "image_id", "repo_tags", "repo_digests", "created", "size", "user", "os", "architecture", "healthcheck"],
            "networks": ["engine_id", "network_id", "name", "driver", "scope", "internal", "attachable", "icc", "subnet"],
        ]
        let catalog = try SchemaCatalog.load()
        for (table, columns) in required {
            let have = Set(catalog.relation(named: table)?.columns.map(\.name) ?? [])
            for column in columns { #expect(have.contains(column), "\(table).\(column) missing") }
        }
    }
}
