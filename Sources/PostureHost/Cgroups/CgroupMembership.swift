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

    /// Parsed from the text's contiguous UTF-8 bytes: this runs for every running container on
    /// each collect, and splitting the text generically cost more than reading the file.
    init(text: String) {
        var text = text
        (unifiedPath, controllers) = text.withUTF8(Self.parse)
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (unified: String?, controllers: [String: Controller]) {
        func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        var unified: String?
        var controllers: [String: Controller] = [:]
        // A container's hierarchies (a dozen on cgroup v1) mostly list one path: it is made
        // into a String once.
        var lastPath: (range: Range<Int>, text: String)?
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            defer { lineStart = lineEnd + 1 }
            // "id:controllers:path"; the path is the rest of the line, colons and all.
            guard let first = bytes[lineStart..<lineEnd].firstIndex(of: UInt8(ascii: ":")),
                let second = bytes[(first + 1)..<lineEnd].firstIndex(of: UInt8(ascii: ":"))
            else { continue }
            let pathRange = (second + 1)..<lineEnd
            let path: String
            if let last = lastPath, bytes[last.range].elementsEqual(bytes[pathRange]) {
                path = last.text
            } else {
                path = string(pathRange)
                lastPath = (pathRange, path)
            }
            if first + 1 == second {
                if first - lineStart == 1 && bytes[lineStart] == UInt8(ascii: "0") { unified = path }
                continue
            }
            let hierarchy = string((first + 1)..<second)
            for name in hierarchy.split(separator: ",") where !name.hasPrefix("name=") {
                controllers[String(name)] = Controller(path: path, hierarchy: hierarchy)
            }
        }
        return (unified, controllers)
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
