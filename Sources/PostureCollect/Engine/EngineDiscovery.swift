import Foundation

/// Finds the engines to collect when no `--engine` is given.
///
/// Reads `DOCKER_HOST` and `CONTAINER_HOST`, then looks for the usual sockets below
/// `hostRoot`: `/var/run/docker.sock`, `/run/podman/podman.sock`, and every user's rootless
/// `/run/user/<uid>/docker.sock` and `/run/user/<uid>/podman/podman.sock`. Sockets reached
/// through different paths (`/var/run` is usually `/run`) are listed once.
public enum EngineDiscovery {
    public static func discover(
        hostRoot: String = "/", environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> (endpoints: [EngineEndpoint], looked: [String]) {
        var endpoints: [EngineEndpoint] = []
        var looked: [String] = []
        for variable in ["DOCKER_HOST", "CONTAINER_HOST"] {
            if let value = environment[variable], !value.isEmpty {
                looked.append("$\(variable)")
                endpoints.append(try EngineEndpoint.parse(value, source: variable, environment: environment))
            }
        }
        let root = hostRoot == "/" ? "" : (hostRoot.hasSuffix("/") ? String(hostRoot.dropLast()) : hostRoot)
        var candidates = ["/var/run/docker.sock", "/run/docker.sock", "/run/podman/podman.sock"]
        let userRuntime = root + "/run/user"
        if let uids = try? FileManager.default.contentsOfDirectory(atPath: userRuntime) {
            for uid in uids.sorted() where Int(uid) != nil {
                candidates.append("/run/user/\(uid)/docker.sock")
                candidates.append("/run/user/\(uid)/podman/podman.sock")
            }
        }
        for path in candidates {
            looked.append(root + path)
            if isSocket(root + path) {
                endpoints.append(EngineEndpoint(transport: .unix(path: root + path), source: "default socket"))
            }
        }
        return (dedupe(endpoints), looked)
    }

    /// Drops endpoints that reach the same socket file (after resolving symlinks) as an earlier one.
    public static func dedupe(_ endpoints: [EngineEndpoint]) -> [EngineEndpoint] {
        var seen = Set<String>()
        var result: [EngineEndpoint] = []
        for endpoint in endpoints {
            var identity = endpoint.id
            if let path = endpoint.socketPath {
                identity = "unix://" + URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            }
            if seen.insert(identity).inserted { result.append(endpoint) }
        }
        return result
    }

    static func isSocket(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFSOCK
    }
}
