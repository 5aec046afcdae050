/// The settings of a Podman service: its command-line flags, containers.conf, registries.conf
/// and policy.json. Podman has no daemon.json; these files are what its posture depends on.
///
/// Keys: containers.conf as `section.key` (`containers.default_capabilities`), registries.conf
/// prefixed `registries.` (`registries.registry.localhost:5000.insecure`), policy.json as
/// `policy.default` and `policy.transports.<transport>.<scope>` (requirement types).
enum PodmanDaemonConfig {
    static let parser = FlagParser(
        valued: [
            "log-level", "cgroup-manager", "root", "runroot", "storage-driver", "storage-opt",
            "events-backend", "runtime", "runtime-flag", "network-backend", "network-config-dir", "tmpdir",
            "url", "identity", "connection", "conmon", "hooks-dir", "module", "volumepath", "imagestore",
            "cni-config-dir", "db-backend", "ssh", "out", "time", "cors",
        ],
        shortNames: ["t": "time"],
        unknownTakesValue: false)

    /// Flags that override a containers.conf key, named by that key.
    static let keyForFlag: [String: String] = [
        "cgroup-manager": "engine.cgroup_manager", "events-backend": "engine.events_logger",
        "runtime": "engine.runtime", "network-backend": "network.network_backend", "tmpdir": "engine.tmp_dir",
        "hooks-dir": "engine.hooks_dir", "conmon": "engine.conmon_path", "db-backend": "engine.database_backend",
    ]

    /// Settings of the command line; the service's listening URI, when given, as `listen`.
    static func flagSettings(_ arguments: [String]) -> [DaemonSetting] {
        let parsed = parser.parse(arguments)
        var settings = parser.lastWins(parsed.flags, lists: ["storage-opt", "runtime-flag", "hooks-dir", "module"])
            .map { DaemonSetting(key: keyForFlag[$0.name] ?? $0.name, value: $0.value, source: .flag) }
        let uris = parsed.positionals.filter { $0 != "system" && $0 != "service" }
        if let uri = uris.last { settings.append(DaemonSetting(key: "listen", value: uri, source: .flag)) }
        return settings
    }

    /// containers.conf files, highest priority first (each overrides keys of the ones after it).
    static func containersConfPaths(home: String?) -> [String] {
        (home.map { [$0 + "/.config/containers/containers.conf"] } ?? [])
            + ["/etc/containers/containers.conf", "/usr/share/containers/containers.conf"]
    }

    /// registries.conf and policy.json: the first that exists is used, alone.
    static func registriesConfPaths(home: String?) -> [String] {
        (home.map { [$0 + "/.config/containers/registries.conf"] } ?? []) + ["/etc/containers/registries.conf"]
    }

    static func policyPaths(home: String?) -> [String] {
        (home.map { [$0 + "/.config/containers/policy.json"] } ?? []) + ["/etc/containers/policy.json"]
    }

    static func containersConfSettings(_ text: String, path: String) -> [DaemonSetting] {
        TOMLLines.settings(text).map { DaemonSetting(key: $0.key, value: $0.value, source: .file, filePath: path) }
    }

    static func registriesSettings(_ text: String, path: String) -> [DaemonSetting] {
        TOMLLines.settings(text).map {
            DaemonSetting(key: "registries." + $0.key, value: $0.value, source: .file, filePath: path)
        }
    }

    static func policySettings(_ text: String, path: String) throws(HostError) -> [DaemonSetting] {
        guard case .object(let policy) = try JSONValue.parse(text, path: path) else {
            throw .malformed(path: path, reason: "the top level is not a JSON object")
        }
        func types(_ value: JSONValue?) -> String {
            guard case .array(let requirements)? = value else { return "" }
            return requirements.compactMap { requirement -> String? in
                guard case .object(let fields) = requirement, case .string(let type)? = fields["type"] else { return nil }
                return type
            }.joined(separator: ",")
        }
        var settings = [DaemonSetting(key: "policy.default", value: types(policy["default"]), source: .file, filePath: path)]
        if case .object(let transports)? = policy["transports"] {
            for transport in transports.keys.sorted() {
                guard case .object(let scopes) = transports[transport]! else { continue }
                for scope in scopes.keys.sorted() {
                    let key = "policy.transports." + transport + (scope.isEmpty ? "" : "." + scope)
                    settings.append(DaemonSetting(key: key, value: types(scopes[scope]), source: .file, filePath: path))
                }
            }
        }
        return settings
    }
}
