/// The cgroups of a process, from `/proc/<pid>/cgroup`.
///
/// cgroup v2 has one line `0::/system.slice/docker-<id>.scope`. cgroup v1 (and the hybrid
/// layout, which adds a `0::` line for systemd) has a line per hierarchy,
/// `4:cpu,cpuacct:/docker/<id>`; limits are then read from the v1 hierarchies.
struct CgroupMembership: Sendable, Equatable {
    struct Controller: Sendable, Equatable {
        /// Path of the cgroup within the hierarchy (`/docker/<id>`).
        let path: String
        /// Every controller of the hierarchy, as its mount folder is usually named (`cpu,cpuacct`).
        let hierarchy: String
    }

    /// The `0::` path.
    let unifiedPath: String?
    /// v1 controller name (`memory`, `cpu`, `cpuacct`, `pids`, `cpuset`) → its cgroup.
    let controllers: [String: Controller]

    /// Lines and fields are split on the UTF-8 bytes: this runs for every running container
    /// on each collect.
    init(text: String) {
        var unified: String?
        var controllers: [String: Controller] = [:]
        // A container's hierarchies (a dozen on cgroup v1) mostly list one path: it is made
        // into a String once.
        var lastPath: (bytes: Substring.UTF8View, text: String)?
        for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
            let parts = line.split(separator: UInt8(ascii: ":"), maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let path: String
            if let last = lastPath, last.bytes.elementsEqual(parts[2]) {
                path = last.text
            } else {
                path = String(Substring(parts[2]))
                lastPath = (parts[2], path)
            }
            let hierarchy = Substring(parts[1])
            if parts[0].elementsEqual("0".utf8) && hierarchy.isEmpty {
                unified = path
                continue
            }
            let hierarchyName = String(hierarchy)
            for name in parts[1].split(separator: UInt8(ascii: ",")) {
                let controller = String(Substring(name))
                if !controller.hasPrefix("name=") {
                    controllers[controller] = Controller(path: path, hierarchy: hierarchyName)
                }
            }
        }
        unifiedPath = unified
        self.controllers = controllers
    }

    /// Whether one of `path`'s components is `..`: the path is relative to a cgroup namespace
    /// root above this process's, so it names no folder below the host's mount. Compared on the
    /// UTF-8 bytes (a dozen paths per container on every collect).
    static func leavesNamespace(_ path: String) -> Bool {
        var dots = 0  // dots in the component so far, or -1 once it has another byte
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "/"):
                if dots == 2 { return true }
                dots = 0
            case UInt8(ascii: "."):
                if dots >= 0 { dots += 1 }
            default:
                dots = -1
            }
        }
        return dots == 2
    }

    /// 1 when any v1 controller is listed (legacy or hybrid), else 2.
    var version: Int { controllers.isEmpty ? 2 : 1 }

    /// The path reported for the container: the unified one on v2, the memory controller's on v1.
    var primaryPath: String? {
        version == 2 ? unifiedPath : (controllers["memory"] ?? controllers.values.sorted { $0.path < $1.path }.first)?.path
    }
}
