import PostureFacts

/// Flattens a facts.json document into rows per fact table: applies `defaults`, unfolds the
/// rows nested under containers and images, and fills the columns the schema requires.
struct FixtureRows {
    private(set) var tables: [String: [[String: FactValue]]] = [:]
    private let defaults: [String: [String: JSONValue]]

    init(document: [String: JSONValue]) throws {
        var defaults: [String: [String: JSONValue]] = [:]
        for (table, value) in document["defaults"]?.object ?? [:] {
            defaults[table] = value.object ?? [:]
        }
        self.defaults = defaults
        for engine in try list(document, "engines") { try addEngine(engine) }
        for network in try list(document, "networks") { try addNetwork(network) }
        for volume in try list(document, "volumes") { add("volumes", try flat(volume, table: "volumes")) }
        for image in try list(document, "images") { try addImage(image) }
        for container in try list(document, "containers") { try addContainer(container) }
    }

    private func list(_ document: [String: JSONValue], _ key: String) throws -> [[String: JSONValue]] {
        guard let value = document[key] else { return [] }
        guard let array = value.array else { throw FixtureError("\(key) must be a list") }
        return try array.map {
            guard let object = $0.object else { throw FixtureError("every entry of \(key) must be an object") }
            return object
        }
    }

    private mutating func add(_ table: String, _ row: [String: FactValue]) {
        tables[table, default: []].append(row)
    }

    /// `row` merged over the table's defaults (nested lists included).
    private func merged(_ row: [String: JSONValue], table: String) -> [String: JSONValue] {
        var merged = defaults[table] ?? [:]
        for (key, value) in row { merged[key] = value }
        return merged
    }

    /// `row` merged over the table's defaults, nested lists removed, values converted.
    private func flat(_ row: [String: JSONValue], table: String, nested: Set<String> = []) throws -> [String: FactValue] {
        let all = merged(row, table: table)
        var result: [String: FactValue] = [:]
        for (key, value) in all where !nested.contains(key) {
            result[key] = try factValue(value, column: "\(table).\(key)")
        }
        return result
    }

    private func factValue(_ value: JSONValue, column: String) throws -> FactValue {
        switch value {
        case .null: return .null
        case .int(let v): return .int(v)
        case .double(let v): return .double(v)
        case .bool(let v): return .bool(v)
        case .string(let v): return .text(v)
        case .array, .object: throw FixtureError("\(column) must be a plain value")
        }
    }

    private mutating func addEngine(_ engine: [String: JSONValue]) throws {
        var row = try flat(engine, table: "engines")
        guard case .text(let id)? = row["engine_id"] else { throw FixtureError("an engine lacks engine_id") }
        row["endpoint"] = row["endpoint"] ?? .text(id)
        row["reachable"] = row["reachable"] ?? 1
        add("engines", row)
    }

    private mutating func addNetwork(_ network: [String: JSONValue]) throws {
        var row = try flat(network, table: "networks")
        guard case .text(let name)? = row["name"] else { throw FixtureError("a network lacks name") }
        row["network_id"] = row["network_id"] ?? .text("net-" + name)
        for column in ["internal", "attachable", "ipv6"] { row[column] = row[column] ?? 0 }
        add("networks", row)
    }

    private mutating func addImage(_ given: [String: JSONValue]) throws {
        let image = merged(given, table: "images")
        let nested: Set<String> = ["tags", "env", "history"]
        var row = try flat(image, table: "images", nested: nested)
        guard let engine = row["engine_id"], let imageID = row["image_id"] else {
            throw FixtureError("an image lacks engine_id or image_id")
        }
        let references = (image["tags"]?.array ?? []).compactMap(\.string)
        let tags = references.filter { !$0.contains("@") }
        let digests = references.filter { $0.contains("@") }
        row["repo_tags"] = row["repo_tags"] ?? .text(tags.joined(separator: ","))
        row["repo_digests"] = row["repo_digests"] ?? .text(digests.joined(separator: ","))
        add("images", row)
        for reference in references {
            add("image_tags", [
                "engine_id": engine, "image_id": imageID, "reference": .text(reference),
                "kind": .text(reference.contains("@") ? "digest" : "tag"),
            ])
        }
        for entry in image["env"]?.array ?? [] {
            guard let object = entry.object else { throw FixtureError("image env entries must be objects") }
            var env = try flat(object, table: "image_env")
            env["engine_id"] = engine
            env["image_id"] = imageID
            env["value_hash"] = env["value_hash"] ?? "fixture"
            env["secret_like"] = env["secret_like"] ?? 0
            add("image_env", env)
        }
        for (step, entry) in (image["history"]?.array ?? []).enumerated() {
            add("image_history", [
                "engine_id": engine, "image_id": imageID, "step": .int(Int64(step)),
                "created_by": .text(entry.string ?? ""), "empty_layer": 0,
            ])
        }
    }

    private mutating func addContainer(_ given: [String: JSONValue]) throws {
        let container = merged(given, table: "containers")
        let nested: Set<String> = ["mounts", "ports", "networks", "cap_add", "cap_drop", "env", "labels"]
        var row = try flat(container, table: "containers", nested: nested)
        guard let engine = row["engine_id"], case .text(let name)? = row["name"] else {
            throw FixtureError("a container lacks engine_id or name")
        }
        let containerID = row["container_id"] ?? .text("ctr-" + name)
        row["container_id"] = containerID
        for column in ["running", "privileged", "readonly_rootfs", "no_new_privileges", "proc_unmasked"] {
            row[column] = row[column] ?? (column == "running" ? 1 : 0)
        }
        add("containers", row)
        let parent: [String: FactValue] = ["engine_id": engine, "container_id": containerID]

        for entry in container["mounts"]?.array ?? [] {
            guard let object = entry.object else { throw FixtureError("\(name): mounts entries must be objects") }
            var mount = try flat(object, table: "container_mounts").merging(parent) { _, p in p }
            mount["type"] = mount["type"] ?? "bind"
            mount["rw"] = mount["rw"] ?? 1
            add("container_mounts", mount)
        }
        for entry in container["ports"]?.array ?? [] {
            guard let object = entry.object else { throw FixtureError("\(name): ports entries must be objects") }
            var port = try flat(object, table: "container_ports").merging(parent) { _, p in p }
            port["protocol"] = port["protocol"] ?? "tcp"
            port["host_ip"] = port["host_ip"] ?? ""
            port["host_port"] = port["host_port"] ?? ""
            if port["wildcard"] == nil {
                let ip = port["host_ip"]?.textValue ?? ""
                port["wildcard"] = .bool(["", "0.0.0.0", "::"].contains(ip))
            }
            add("container_ports", port)
        }
        for entry in container["networks"]?.array ?? [] {
            guard let network = entry.string else { throw FixtureError("\(name): networks are names") }
            add("container_networks", parent.merging(["network_name": .text(network), "network_id": .text("net-" + network)]) { a, _ in a })
        }
        for (key, action) in [("cap_add", "add"), ("cap_drop", "drop")] {
            for entry in container[key]?.array ?? [] {
                guard let capability = entry.string else { throw FixtureError("\(name): \(key) holds names") }
                add("container_capabilities", parent.merging(["capability": .text(capability), "action": .text(action)]) { a, _ in a })
            }
        }
        for entry in container["env"]?.array ?? [] {
            guard let object = entry.object else { throw FixtureError("\(name): env entries must be objects") }
            var env = try flat(object, table: "container_env").merging(parent) { _, p in p }
            env["value_hash"] = env["value_hash"] ?? "fixture"
            env["secret_like"] = env["secret_like"] ?? 0
            add("container_env", env)
        }
        for (key, value) in container["labels"]?.object ?? [:] {
            add("container_labels", parent.merging([
                "key": .text(key), "value": .text(value.string ?? ""), "value_hash": "fixture",
            ]) { a, _ in a })
        }
    }
}
