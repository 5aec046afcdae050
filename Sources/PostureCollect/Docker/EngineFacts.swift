import Foundation
import PostureFacts
import PostureJSON

/// Maps `/version` and `/info` of one engine to its row of `engines`.
struct EngineFacts {
    var row: [String: FactValue]
    var kind: String
    var rootless: Bool

    /// Keys of `/info` that change without any configuration change; left out of the raw JSON
    /// so history does not churn.
    static let volatileInfoKeys: Set<String> = [
        "Containers", "ContainersRunning", "ContainersPaused", "ContainersStopped", "Images", "SystemTime",
        "NGoroutines", "NFd", "NEventsListener", "SystemStatus", "Swarm", "Uptime",
    ]

    init(version v: EngineValue, info i: EngineValue, endpoint: EngineEndpoint) {
        let components = v["Components"].array
        func component(_ names: [String]) -> String? {
            components.first { c in names.contains { (c["Name"].string ?? "").lowercased() == $0 } }?["Version"]
                .nonEmptyString
        }
        let isPodman =
            components.contains { ($0["Name"].string ?? "").lowercased().contains("podman") }
            || (v["Platform"]["Name"].string ?? "").lowercased().contains("podman")
        kind = isPodman ? "podman" : "docker"

        let security = i["SecurityOptions"].strings
        let parsed = security.map(Self.parseSecurityOption)
        func has(_ name: String) -> Bool { parsed.contains { $0["name"] == name } }
        rootless = has("rootless")
        let seccomp = parsed.first { $0["name"] == "seccomp" }.map { $0["profile"] ?? "default" }

        let registry = i["RegistryConfig"]
        var insecure = registry["InsecureRegistryCIDRs"].strings
        for (name, index) in registry["IndexConfigs"].entries where index["Secure"].bool == false {
            insecure.append(name)
        }
        let authz = i["Plugins"]["Authorization"].strings
        let warnings = i["Warnings"].strings

        row = [
            "engine_id": .text(endpoint.id),
            "kind": .text(kind),
            "endpoint": .text(endpoint.id),
            "daemon_id": .optional(isPodman ? nil : i["ID"].nonEmptyString),
            "daemon_name": .optional(i["Name"].nonEmptyString),
            "version": .optional(v["Version"].nonEmptyString),
            "api_version": .optional(v["ApiVersion"].nonEmptyString),
            "min_api_version": .optional(v["MinAPIVersion"].nonEmptyString),
            "os": .optional(i["OperatingSystem"].nonEmptyString),
            "kernel_version": .optional(i["KernelVersion"].nonEmptyString ?? v["KernelVersion"].nonEmptyString),
            "architecture": .optional(i["Architecture"].nonEmptyString ?? v["Arch"].nonEmptyString),
            "ncpu": .optional(i["NCPU"].int),
            "mem_total": .optional(i["MemTotal"].int),
            "rootless": .bool(rootless),
            "userns_remap": .bool(has("userns")),
            "live_restore": .bool(i["LiveRestoreEnabled"].bool ?? false),
            "cgroup_version": .optional(i["CgroupVersion"].nonEmptyString),
            "cgroup_driver": .optional(i["CgroupDriver"].nonEmptyString),
            "seccomp_profile": .optional(seccomp),
            "apparmor": .bool(has("apparmor")),
            "selinux": .bool(has("selinux")),
            "no_new_privileges": .bool(has("no-new-privileges")),
            "security_options": .optional(security.isEmpty ? nil : security.joined(separator: ",")),
            "logging_driver": .optional(i["LoggingDriver"].nonEmptyString),
            "storage_driver": .optional(i["Driver"].nonEmptyString),
            "root_dir": .optional(i["DockerRootDir"].nonEmptyString),
            "default_runtime": .optional(i["DefaultRuntime"].nonEmptyString),
            "runc_version": .optional(component(["runc", "crun"])),
            "containerd_version": .optional(component(["containerd"])),
            "debug": .bool(i["Debug"].bool ?? false),
            "experimental": .bool(i["ExperimentalBuild"].bool ?? v["Experimental"].bool ?? false),
            "swarm_state": .optional(i["Swarm"]["LocalNodeState"].nonEmptyString),
            "insecure_registries": .optional(insecure.isEmpty ? nil : insecure.joined(separator: ",")),
            "authorization_plugins": .optional(authz.isEmpty ? nil : authz.joined(separator: ",")),
            "warnings": .optional(warnings.isEmpty ? nil : warnings.joined(separator: "\n")),
            "reachable": .bool(true),
            "error": .null,
            "raw_json": .optional(Self.rawJSON(version: v, info: i, isPodman: isPodman)),
        ]
    }

    /// `{"info": …, "version": …}` as canonical JSON, with the volatile keys of `/info` left
    /// out. Podman's compat /info invents a new ID on every call and lists DriverStatus in a
    /// random order: neither may churn history. Of `Swarm` only the node state is kept.
    static func rawJSON(version: EngineValue, info: EngineValue, isPodman: Bool) -> String {
        var edits: [String: RawJSONEdits.Edit] = [:]
        for key in volatileInfoKeys { edits[key] = .remove }
        if isPodman { edits["ID"] = .remove }
        edits["DriverStatus"] = .replace { value, writer in
            let pairs = value.elements.map { $0.kind == .array ? $0.elements.map(\.string) : [nil] }
            guard value.kind == .array, pairs.allSatisfy({ $0.allSatisfy { $0 != nil } }) else { return writer.write(value) }
            let sorted = pairs.map { $0.compactMap { $0 } }.sorted { $0.joined(separator: "\u{0}") < $1.joined(separator: "\u{0}") }
            writer.writeArray(sorted) { pair, w in w.writeArray(pair) { text, w in w.writeString(text) } }
        }
        if let swarm = info["Swarm"].json, swarm.kind == .object {
            edits["Swarm"] = .replace { _, writer in
                writer.writeObject([
                    ("LocalNodeState", { w in if let s = swarm["LocalNodeState"] { w.write(s) } else { w.writeString("") } }),
                    ("ControlAvailable", { w in if let c = swarm["ControlAvailable"] { w.write(c) } else { w.append("false") } }),
                ])
            }
        }
        var writer = CanonicalJSONWriter(capacity: 8192)
        writer.writeObject([
            ("info", { w in if let json = info.json { w.write(json, edit: .members(edits)) } else { w.append("null") } }),
            ("version", { w in if let json = version.json { w.write(json) } else { w.append("null") } }),
        ])
        return writer.text
    }

    /// `name=seccomp,profile=builtin` → ["name": "seccomp", "profile": "builtin"]; the legacy
    /// bare form `apparmor` → ["name": "apparmor"]. Never traps: a part such as `=` (found by
    /// the fuzzer) gives an empty key or value rather than an out-of-range index.
    static func parseSecurityOption(_ option: String) -> [String: String] {
        var result: [String: String] = [:]
        for part in option.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            if kv.count == 2 { result[kv[0]] = kv[1] } else { result["name"] = kv[0] }
        }
        return result
    }
}
