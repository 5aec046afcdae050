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
        for scan in try list(document, "scans") { try addScan(scan) }
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

    private mutating func addEngine(_ given: [String: JSONValue]) throws {
        let engine = merged(given, table: "engines")
        var row = try flat(engine, table: "engines", nested: ["daemon", "daemon_config", "access"])
        guard case .text(let id)? = row["engine_id"] else { throw FixtureError("an engine lacks engine_id") }
        row["endpoint"] = row["endpoint"] ?? .text(id)
        row["reachable"] = row["reachable"] ?? 1
        add("engines", row)
        let parent: [String: FactValue] = ["engine_id": .text(id)]

        if let value = engine["daemon"] {
            guard let object = value.object else { throw FixtureError("\(id): daemon must be an object") }
            var daemon = try flat(object, table: "daemons").merging(parent) { _, p in p }
            daemon["kind"] = daemon["kind"] ?? row["kind"] ?? "docker"
            daemon["found_via"] = daemon["found_via"] ?? "socket"
            add("daemons", daemon)
        }
        let configPath = tables["daemons"]?.last { $0["engine_id"] == .text(id) }?["config_path"]
        for entry in engine["daemon_config"]?.array ?? [] {
            guard let object = entry.object else { throw FixtureError("\(id): daemon_config entries must be objects") }
            var setting = try flat(object, table: "daemon_config").merging(parent) { _, p in p }
            setting["source"] = setting["source"] ?? "file"
            if setting["source"] == "file" && setting["file_path"] == nil { setting["file_path"] = configPath ?? .null }
            add("daemon_config", setting)
        }
        if let value = engine["access"] {
            guard var socket = value.object else { throw FixtureError("\(id): access must be an object") }
            let principals = socket.removeValue(forKey: "principals")?.array ?? []
            let shared = try flat(socket, table: "host_access").merging(parent) { _, p in p }
            for entry in principals {
                guard let object = entry.object else { throw FixtureError("\(id): access principals must be objects") }
                var access = shared.merging(try flat(object, table: "host_access")) { _, own in own }
                access["rootless"] = access["rootless"] ?? 0
                if access["root_equivalent"] == nil {
                    access["root_equivalent"] = .bool(access["rootless"]?.textValue == "0")
                }
                add("host_access", access)
            }
        }
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
        let nested: Set<String> = ["tags", "env", "history", "contents", "files", "accounts"]
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
        try addImageContents(image, engine: engine, imageID: imageID)
        for (step, entry) in (image["history"]?.array ?? []).enumerated() {
            add("image_history", [
                "engine_id": engine, "image_id": imageID, "step": .int(Int64(step)),
                "created_by": .text(entry.string ?? ""), "empty_layer": 0,
            ])
        }
    }

    /// `contents` (the image_contents row: status ok, distroless and the counts derived from
    /// `files` and `accounts` unless given), `files` and `accounts` of one image.
    private mutating func addImageContents(_ image: [String: JSONValue], engine: FactValue, imageID: FactValue) throws {
        guard let value = image["contents"] else { return }
        guard let object = value.object else { throw FixtureError("image contents must be an object") }
        let parent: [String: FactValue] = ["engine_id": engine, "image_id": imageID]
        var files: [[String: FactValue]] = []
        for entry in image["files"]?.array ?? [] {
            guard let file = entry.object else { throw FixtureError("image files entries must be objects") }
            var row = try flat(file, table: "image_files").merging(parent) { _, p in p }
            if row["name"] == nil, case .text(let path)? = row["path"] {
                row["name"] = .text(String(path.split(separator: "/").last ?? ""))
            }
            files.append(row)
            add("image_files", row)
        }
        var users: [[String: FactValue]] = []
        for entry in image["accounts"]?.array ?? [] {
            guard let account = entry.object else { throw FixtureError("image accounts entries must be objects") }
            var row = try flat(account, table: "image_accounts").merging(parent) { _, p in p }
            row["kind"] = row["kind"] ?? "user"
            row["uid0_alias"] = row["uid0_alias"] ?? .bool(row["kind"] == "user" && row["id"] == 0 && row["name"] != "root")
            row["duplicate_id"] = row["duplicate_id"] ?? 0
            if row["kind"] == "user" { users.append(row) }
            add("image_accounts", row)
        }
        func paths(_ category: String) -> [String] {
            files.filter { $0["category"] == .text(category) }.compactMap { $0["path"]?.textValue }
        }
        func names(_ category: String) -> [String] {
            files.filter { $0["category"] == .text(category) }.compactMap { $0["name"]?.textValue }
        }
        var reasons: [String] = []
        if !paths("shell").isEmpty { reasons.append("shell: " + paths("shell").joined(separator: ", ")) }
        if !names("package_manager").isEmpty { reasons.append("package manager: " + names("package_manager").joined(separator: ", ")) }
        if !paths("sudo").isEmpty { reasons.append("sudo: " + paths("sudo").joined(separator: ", ")) }
        var row = try flat(object, table: "image_contents").merging(parent) { _, p in p }
        if row["status"] == "failed" {
            add("image_contents", row)
            return
        }
        let derived: [String: FactValue] = [
            "status": "ok", "method": "export",
            "shell_count": .int(Int64(paths("shell").count)), "shells": .text(paths("shell").joined(separator: ",")),
            "package_managers": .text(names("package_manager").joined(separator: ",")),
            "has_sudo": .bool(!paths("sudo").isEmpty),
            "setuid_count": .int(Int64(paths("setuid").count)), "setgid_count": .int(Int64(paths("setgid").count)),
            "secret_file_count": .int(Int64(paths("secret").count)),
            "uid0_aliases": .text(users.filter { $0["uid0_alias"] == 1 }.compactMap { $0["name"]?.textValue }.joined(separator: ",")),
            "empty_password_users": .text(users.filter { $0["password"] == "empty" }.compactMap { $0["name"]?.textValue }.joined(separator: ",")),
            "distroless": .bool(reasons.isEmpty),
            "distroless_reasons": reasons.isEmpty ? .null : .text(reasons.joined(separator: "; ")),
        ]
        row.merge(derived) { given, _ in given }
        add("image_contents", row)
    }

    private mutating func addContainer(_ given: [String: JSONValue]) throws {
        let container = merged(given, table: "containers")
        let nested: Set<String> = [
            "mounts", "ports", "networks", "cap_add", "cap_drop", "env", "labels", "process", "cgroup",
        ]
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
        if let value = container["process"] {
            guard let object = value.object else { throw FixtureError("\(name): process must be an object") }
            var process = try flat(object, table: "container_processes").merging(parent) { _, p in p }
            guard let capEff = process["cap_eff"]?.textValue, let bits = UInt64(capEff, radix: 16) else {
                throw FixtureError("\(name): process needs cap_eff as hex")
            }
            process["cap_prm"] = process["cap_prm"] ?? .text(capEff)
            process["cap_bnd"] = process["cap_bnd"] ?? .text(capEff)
            process["cap_eff_count"] = process["cap_eff_count"] ?? .int(Int64(bits.nonzeroBitCount))
            add("container_processes", process)
        }
        if let value = container["cgroup"] {
            guard let object = value.object else { throw FixtureError("\(name): cgroup must be an object") }
            var cgroup = try flat(object, table: "cgroup_limits").merging(parent) { _, p in p }
            cgroup["cgroup_version"] = cgroup["cgroup_version"] ?? 2
            if cgroup["cgroup_path"] == nil, let id = containerID.textValue {
                cgroup["cgroup_path"] = .text(cgroup["cgroup_version"]?.textValue == "1" ? "/docker/\(id)" : "/system.slice/docker-\(id).scope")
            }
            add("cgroup_limits", cgroup)
        }
    }

    private mutating func addScan(_ given: [String: JSONValue]) throws {
        let scan = merged(given, table: "scans")
        var row = try flat(scan, table: "scans", nested: ["vulnerabilities"])
        guard case .text(let scanID)? = row["scan_id"], case .text(let scanner)? = row["scanner"] else {
            throw FixtureError("a scan lacks scan_id or scanner")
        }
        if row["match_kind"] == nil {
            if let imageID = row["image_id"], imageID != .null {
                row["match_kind"] = .text("image_id")
                row["match_key"] = row["match_key"] ?? imageID
            } else {
                row["match_kind"] = .text("none")
            }
        }
        let formats = ["trivy": "trivy-json-v2", "grype": "grype-json", "snyk": "snyk-json"]
        row["format"] = row["format"] ?? .text(formats[scanner] ?? scanner)
        row["source_sha256"] = row["source_sha256"] ?? "fixture"
        row["source_file"] = row["source_file"] ?? .text("\(scanID).json")
        var findings: [[String: FactValue]] = []
        for entry in scan["vulnerabilities"]?.array ?? [] {
            guard let object = entry.object else { throw FixtureError("\(scanID): vulnerabilities must be objects") }
            var finding = try flat(object, table: "scan_vulnerabilities")
            for column in ["scan_id", "scanner", "match_kind", "match_key"] { finding[column] = row[column] ?? .null }
            finding["target"] = finding["target"] ?? ""
            finding["pkg_path"] = finding["pkg_path"] ?? ""
            findings.append(finding)
        }
        func count(_ severity: String) -> FactValue {
            .int(Int64(findings.filter { $0["severity"]?.textValue == severity }.count))
        }
        row["vulnerability_count"] = row["vulnerability_count"] ?? .int(Int64(findings.count))
        row["critical_count"] = row["critical_count"] ?? count("critical")
        row["high_count"] = row["high_count"] ?? count("high")
        row["secret_count"] = row["secret_count"] ?? 0
        row["misconfiguration_count"] = row["misconfiguration_count"] ?? 0
        add("scans", row)
        findings.forEach { add("scan_vulnerabilities", $0) }
    }
}
