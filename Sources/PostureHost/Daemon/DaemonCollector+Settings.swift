extension DaemonCollector {
    /// dockerd's flags, then its daemon.json, then defaults. Returns the daemon.json path in force.
    func dockerSettings(
        arguments: [String], hint: String?, rootless: Bool, home: String?, problems: inout [HostError]
    ) -> (path: String?, settings: [DaemonSetting]) {
        let flags = DockerDaemonConfig.flagSettings(arguments)
        let fileHint = hint.flatMap { $0.hasSuffix(".pid") ? nil : $0 }
        let path: String?
        if let flag = DockerDaemonConfig.flag("config-file", in: arguments) {
            path = flag
        } else if let fileHint {
            path = fileHint
        } else if rootless {
            path = home.map { $0 + "/.config/docker/daemon.json" }
        } else {
            path = "/etc/docker/daemon.json"
        }
        var file: [DaemonSetting] = []
        if let path {
            do {
                if let text = try files.readIfExists(path) {
                    file = try DockerDaemonConfig.fileSettings(text, path: path)
                }
            } catch {
                problems.append(error)
            }
        }
        return (path, DaemonSetting.effective([flags, file, DockerDaemonConfig.defaultSettings()]))
    }

    /// The service's flags, then containers.conf (user, /etc, /usr/share), registries.conf and
    /// policy.json. Returns the highest-priority containers.conf that exists (or would be read).
    func podmanSettings(arguments: [String], home: String?, problems: inout [HostError])
        -> (path: String?, settings: [DaemonSetting])
    {
        var layers = [PodmanDaemonConfig.flagSettings(arguments)]
        let confPaths = PodmanDaemonConfig.containersConfPaths(home: home)
        var configPath: String?
        for path in confPaths {
            guard let text = read(path, problems: &problems) else { continue }
            configPath = configPath ?? path
            layers.append(PodmanDaemonConfig.containersConfSettings(text, path: path))
        }
        for path in PodmanDaemonConfig.registriesConfPaths(home: home) {
            guard let text = read(path, problems: &problems) else { continue }
            layers.append(PodmanDaemonConfig.registriesSettings(text, path: path))
            break
        }
        for path in PodmanDaemonConfig.policyPaths(home: home) {
            guard let text = read(path, problems: &problems) else { continue }
            do {
                layers.append(try PodmanDaemonConfig.policySettings(text, path: path))
            } catch {
                problems.append(error)
            }
            break
        }
        return (configPath ?? confPaths.first, DaemonSetting.effective(layers))
    }

    /// The file's text; `nil` when it does not exist or could not be read (then noted).
    private func read(_ path: String, problems: inout [HostError]) -> String? {
        do {
            return try files.readIfExists(path)
        } catch {
            problems.append(error)
            return nil
        }
    }
}
