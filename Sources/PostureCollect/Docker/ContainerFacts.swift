import Foundation
import PostureFacts

/// Maps one container inspect document (`GET /containers/{id}/json`) to rows of
/// `containers`, `container_mounts`, `container_ports`, `container_networks`,
/// `container_capabilities`, `container_env` and `container_labels`.
///
/// Environment values and secret-looking label values become keyed hashes, here and in the
/// kept raw JSON. Pure: no I/O, so recorded fixtures test it directly.
struct ContainerFacts: Sendable {
    /// Names what these facts make of a document. A collect does not read again an inspect
    /// document whose digest (taken with this revision, ``SecretHasher/digest(_:domain:)``)
    /// matches the one the container's current facts were read from. So **change it whenever
    /// the rows made of a document change** (a column added, a value read differently): every
    /// container is then read again once. `ContainerFactsRevisionTests` pins the rows made of
    /// the recorded fixtures and fails, pointing here, when they change and this does not.
    static let revision = "containers/1"

    var container: [String: FactValue] = [:]
    var mounts: [[String: FactValue]] = []
    var ports: [[String: FactValue]] = []
    var networks: [[String: FactValue]] = []
    var capabilities: [[String: FactValue]] = []
    var env: [[String: FactValue]] = []
    var labels: [[String: FactValue]] = []
    /// Host pid of the init process when running.
    var pid: Int?
    var running: Bool = false

    init(inspect doc: EngineValue, engineID: String, hasher: SecretHasher) {
        let config = doc["Config"]
        let host = doc["HostConfig"]
        let state = doc["State"]
        let id = doc["Id"].string ?? ""
        let base: [String: FactValue] = ["engine_id": .text(engineID), "container_id": .text(id)]
        func row(_ values: [String: FactValue]) -> [String: FactValue] { base.merging(values) { $1 } }

        let securityOpt = host["SecurityOpt"].strings
        let privileged = host["Privileged"].bool ?? false
        running = state["Running"].bool ?? false
        pid = running ? state["Pid"].positiveInt.map(Int.init) : nil
        let masked = host["MaskedPaths"]
        let procUnmasked =
            (!masked.isNull && masked.array.isEmpty && !privileged)
            || securityOpt.contains { $0.replacingOccurrences(of: ":", with: "=") == "systempaths=unconfined" }

        var command = [doc["Path"].string ?? ""] + doc["Args"].strings
        command.removeAll { $0.isEmpty }
        let restart = host["RestartPolicy"]
        let healthTest = config["Healthcheck"]["Test"].strings

        container = row([
            "name": .text(String((doc["Name"].string ?? "").drop { $0 == "/" })),
            "image": .optional(config["Image"].string),
            "image_id": .optional(doc["Image"].string),
            "command": .optional(command.isEmpty ? nil : command.joined(separator: " ")),
            "created": .optional(engineTime(doc["Created"])),
            "state": .optional(state["Status"].string),
            "running": .bool(running),
            "exit_code": .optional(state["ExitCode"].int),
            "privileged": .bool(privileged),
            "user": .text(config["User"].string ?? ""),
            "readonly_rootfs": .bool(host["ReadonlyRootfs"].bool ?? false),
            "network_mode": .optional(host["NetworkMode"].string),
            "pid_mode": .text(host["PidMode"].string ?? ""),
            "ipc_mode": .text(host["IpcMode"].string ?? ""),
            "uts_mode": .text(host["UTSMode"].string ?? ""),
            "userns_mode": .text(host["UsernsMode"].string ?? ""),
            "cgroupns_mode": .optional(host["CgroupnsMode"].nonEmptyString),
            "cgroup_parent": .optional(host["CgroupParent"].nonEmptyString),
            "memory_limit": .optional(host["Memory"].positiveInt),
            "memory_reservation": .optional(host["MemoryReservation"].positiveInt),
            "memory_swap": .optional(host["MemorySwap"].int.flatMap { $0 == 0 ? nil : $0 }),
            "nano_cpus": .optional(host["NanoCpus"].positiveInt),
            "cpu_quota": .optional(host["CpuQuota"].positiveInt),
            "cpu_period": .optional(host["CpuPeriod"].positiveInt),
            "cpu_shares": .optional(host["CpuShares"].positiveInt),
            "cpuset_cpus": .optional(host["CpusetCpus"].nonEmptyString),
            "pids_limit": .optional(host["PidsLimit"].positiveInt),
            "oom_kill_disable": .bool(host["OomKillDisable"].bool ?? false),
            "restart_policy": .text(restart["Name"].nonEmptyString ?? "no"),
            "restart_max_retries": .optional(restart["MaximumRetryCount"].int),
            "no_new_privileges": .bool(securityOpt.contains { Self.isNoNewPrivileges($0) }),
            "seccomp_profile": .optional(Self.option("seccomp", in: securityOpt)),
            "apparmor_profile": .optional(
                doc["AppArmorProfile"].nonEmptyString ?? Self.option("apparmor", in: securityOpt)),
            "selinux_options": .optional(Self.options("label", in: securityOpt)),
            "security_options": .optional(
                securityOpt.isEmpty ? nil : securityOpt.map(Self.shortOption).joined(separator: ",")),
            "proc_unmasked": .bool(procUnmasked),
            "devices": .optional(Self.devices(host["Devices"])),
            "healthcheck": .optional(
                healthTest.isEmpty || healthTest == ["NONE"] ? nil : healthTest.joined(separator: " ")),
            "log_driver": .optional(host["LogConfig"]["Type"].nonEmptyString),
            "pid": .optional(pid),
            "started_at": .optional(engineTime(state["StartedAt"])),
            "finished_at": .optional(engineTime(state["FinishedAt"])),
        ])

        for mount in doc["Mounts"].array {
            guard let destination = mount["Destination"].string else { continue }
            mounts.append(row([
                "type": .optional(mount["Type"].string),
                "source": .optional(mount["Source"].string),
                "destination": .text(destination),
                "volume_name": .optional(mount["Name"].nonEmptyString),
                "rw": .bool(mount["RW"].bool ?? true),
                "propagation": .optional(mount["Propagation"].nonEmptyString),
                "mode": .optional(mount["Mode"].nonEmptyString),
            ]))
        }

        for (portProto, bindings) in host["PortBindings"].entries {
            let parts = portProto.split(separator: "/")
            guard let port = parts.first.flatMap({ Int64($0) }) else { continue }
            let proto = parts.count > 1 ? String(parts[1]) : "tcp"
            for binding in bindings.array {
                let hostIP = binding["HostIp"].string ?? ""
                ports.append(row([
                    "container_port": .int(port),
                    "protocol": .text(proto),
                    "host_ip": .text(hostIP),
                    "host_port": .text(binding["HostPort"].string ?? ""),
                    "wildcard": .bool(Self.isWildcard(hostIP)),
                ]))
            }
        }

        for (name, network) in doc["NetworkSettings"]["Networks"].entries {
            networks.append(row([
                "network_name": .text(name),
                "network_id": .optional(network["NetworkID"].nonEmptyString),
                "ip_address": .optional(network["IPAddress"].nonEmptyString),
                "ipv6_address": .optional(network["GlobalIPv6Address"].nonEmptyString),
                "aliases": .optional(network["Aliases"].strings.isEmpty ? nil : network["Aliases"].strings.joined(separator: ",")),
            ]))
        }

        for (field, action) in [("CapAdd", "add"), ("CapDrop", "drop")] {
            for capability in Set(host[field].strings.map(Self.capabilityName)).sorted() {
                capabilities.append(row(["capability": .text(capability), "action": .text(action)]))
            }
        }

        // Each value is hashed once: the rows below and the raw JSON share the hashes.
        var hashes: [String: String] = [:]
        func hash(_ value: String) -> String {
            if let known = hashes[value] { return known }
            let made = hasher.hash(value)
            hashes[value] = made
            return made
        }

        for entry in config["Env"].strings {
            let (key, value) = SecretHasher.splitEnv(entry)
            env.append(row([
                "key": .text(key),
                "value_hash": .text(hash(value ?? "")),
                "secret_like": .bool(SecretHasher.looksSecret(key)),
            ]))
        }

        for (key, value) in config["Labels"].entries {
            let text = value.string ?? ""
            let secret = SecretHasher.looksSecret(key)
            labels.append(row([
                "key": .text(key),
                "value": secret ? .null : .text(text),
                "value_hash": .text(hash(text)),
            ]))
        }

        let known = hashes
        container["raw_json"] = .optional(doc.canonicalText(edits: Self.rawEdits { known[$0] ?? hasher.hash($0) }))
    }

    /// How the inspect document is kept as `raw_json`: env values and secret-looking label
    /// values hashed, a custom seccomp profile's JSON shortened, volatile health-check logs
    /// removed, and lists the engine returns in no fixed order (`Mounts`, `Env`) sorted, so the
    /// same container always yields the same text.
    /// `hash` is the keyed hash of a value (see ``SecretHasher/hash(_:)``).
    static func rawEdits(_ hash: @escaping @Sendable (String) -> String) -> [String: RawJSONEdits.Edit] {
        [
            "Mounts": RawJSONEdits.objectsSorted(by: "Destination"),
            "Config": .members(["Env": RawJSONEdits.environment(hash), "Labels": RawJSONEdits.labels(hash)]),
            "HostConfig": .members(["SecurityOpt": RawJSONEdits.mappedStrings(sorted: false, shortOption)]),
            "State": .members(["Health": .members(["Log": .remove, "FailingStreak": .remove])]),
        ]
    }

    /// `seccomp={…json…}` (a custom profile inlined by the CLI) shortened to `seccomp=custom`.
    static func shortOption(_ option: String) -> String {
        if option.hasPrefix("seccomp=") || option.hasPrefix("seccomp:"), option.contains("{") {
            return "seccomp=custom"
        }
        return option
    }

    static func isNoNewPrivileges(_ option: String) -> Bool {
        let normalized = option.replacingOccurrences(of: ":", with: "=")
        return normalized == "no-new-privileges" || normalized == "no-new-privileges=true"
    }

    /// The value of `name=value` (or the legacy `name:value`) in SecurityOpt.
    static func option(_ name: String, in options: [String]) -> String? {
        for option in options {
            for separator in ["=", ":"] where option.hasPrefix(name + separator) {
                return shortOption(option).dropFirst(name.count + 1).description
            }
        }
        return nil
    }

    static func options(_ name: String, in options: [String]) -> String? {
        let values = options.compactMap { option(name, in: [$0]) }
        return values.isEmpty ? nil : values.joined(separator: ",")
    }

    static func devices(_ value: EngineValue) -> String? {
        let devices = value.array.compactMap { device -> String? in
            guard let host = device["PathOnHost"].string else { return nil }
            return host + ":" + (device["PathInContainer"].string ?? host)
        }
        return devices.isEmpty ? nil : devices.joined(separator: ",")
    }

    /// `CAP_NET_ADMIN`, `net_admin` → `NET_ADMIN`.
    static func capabilityName(_ name: String) -> String {
        let upper = name.uppercased()
        return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
    }

    /// '', `0.0.0.0` and `::` (any spelling) bind every interface.
    static func isWildcard(_ hostIP: String) -> Bool {
        let ip = hostIP.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return ip.isEmpty || ip == "0.0.0.0" || ip == "::" || ip == "0:0:0:0:0:0:0:0"
    }
}
