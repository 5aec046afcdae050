/// dockerd's effective settings: its command-line flags, its `daemon.json` and a few defaults
/// the checks rely on, named by their `daemon.json` keys so that `key = 'live-restore'` finds a
/// setting wherever it was made.
enum DockerDaemonConfig {
    static let parser = FlagParser(
        booleans: [
            "debug", "live-restore", "icc", "iptables", "ip6tables", "ipv6", "ip-forward", "ip-masq",
            "userland-proxy", "selinux-enabled", "tls", "tlsverify", "experimental", "no-new-privileges",
            "init", "raw-logs", "rootless", "validate", "version", "help", "disable-legacy-registry",
        ],
        valued: ["oom-score-adjust"],
        shortNames: [
            "H": "host", "D": "debug", "G": "group", "l": "log-level", "g": "graph", "p": "pidfile",
            "b": "bridge", "s": "storage-driver", "e": "exec-driver", "v": "version", "h": "help",
        ])

    /// Flags whose daemon.json key has another name.
    static let keyForFlag: [String: String] = [
        "host": "hosts", "insecure-registry": "insecure-registries", "registry-mirror": "registry-mirrors",
        "label": "labels", "dns-opt": "dns-opts", "storage-opt": "storage-opts", "exec-opt": "exec-opts",
        "authorization-plugin": "authorization-plugins", "add-runtime": "runtimes",
        "default-ulimit": "default-ulimits", "node-generic-resource": "node-generic-resources",
        "cluster-store-opt": "cluster-store-opts", "default-address-pool": "default-address-pools",
        "host-gateway-ip": "host-gateway-ips", "cdi-spec-dir": "cdi-spec-dirs", "graph": "data-root",
    ]
    /// Repeatable flags whose occurrences are joined.
    static let listFlags: Set<String> = [
        "host", "insecure-registry", "registry-mirror", "label", "dns", "dns-opt", "dns-search",
        "storage-opt", "exec-opt", "authorization-plugin", "add-runtime", "default-ulimit",
        "allow-nondistributable-artifacts", "node-generic-resource", "cluster-store-opt",
        "default-address-pool", "host-gateway-ip", "cdi-spec-dir",
    ]
    /// Repeatable `name=value` flags that daemon.json writes as an object (`log-opts.max-size`).
    static let mapFlags: [String: String] = ["log-opt": "log-opts", "feature": "features"]

    /// Engine defaults for the settings checks read, used when neither a flag nor the file sets them.
    static let defaults: [(key: String, value: String)] = [
        ("debug", "false"), ("experimental", "false"), ("icc", "true"), ("ip-forward", "true"),
        ("ip-masq", "true"), ("iptables", "true"), ("live-restore", "false"), ("log-driver", "json-file"),
        ("log-level", "info"), ("no-new-privileges", "false"), ("selinux-enabled", "false"),
        ("tls", "false"), ("tlsverify", "false"), ("userland-proxy", "true"), ("userns-remap", ""),
    ]

    /// Settings given on the command line, keyed by their daemon.json names.
    static func flagSettings(_ arguments: [String]) -> [DaemonSetting] {
        let flags = parser.parse(arguments).flags
        var settings: [DaemonSetting] = []
        var plain: [FlagParser.Occurrence] = []
        for flag in flags {
            if let object = mapFlags[flag.name] {
                let pair = (flag.value ?? "").split(separator: "=", maxSplits: 1).map(String.init)
                settings.append(
                    DaemonSetting(key: object + "." + pair[0], value: pair.count > 1 ? pair[1] : "", source: .flag))
            } else {
                plain.append(flag)
            }
        }
        for (name, value) in parser.lastWins(plain, lists: listFlags) {
            settings.append(DaemonSetting(key: keyForFlag[name] ?? name, value: value, source: .flag))
        }
        // A later occurrence of the same map key wins: keep the last one.
        return DaemonSetting.effective([settings.reversed()])
    }

    /// Settings of a daemon.json, nested keys joined with dots.
    static func fileSettings(_ text: String, path: String) throws(HostError) -> [DaemonSetting] {
        let json = try JSONValue.parse(text, path: path)
        guard case .object = json else { throw .malformed(path: path, reason: "the top level is not a JSON object") }
        return json.flattened().map { DaemonSetting(key: $0.key, value: $0.value, source: .file, filePath: path) }
    }

    static func defaultSettings() -> [DaemonSetting] {
        defaults.map { DaemonSetting(key: $0.key, value: $0.value, source: .default) }
    }

    /// The `-H`/`--host` values of a dockerd command line (`unix:///var/run/docker.sock`, `fd://`).
    static func hosts(_ arguments: [String]) -> [String] {
        parser.parse(arguments).flags.filter { $0.name == "host" }.compactMap(\.value)
    }

    /// The value of the last occurrence of a flag (`config-file`, `pidfile`).
    static func flag(_ name: String, in arguments: [String]) -> String? {
        parser.parse(arguments).flags.last { $0.name == name }?.value
    }
}
