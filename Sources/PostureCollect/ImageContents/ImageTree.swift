/// An image's merged filesystem: its layers applied bottom to top, whiteouts and opaque
/// folders honoured, as the container would see it at start. Paths are relative to the image
/// root without a leading slash (`etc/passwd`).
struct ImageTree: Sendable {
    private(set) var nodes: [String: ImageNode] = [:]
    private(set) var layers = 0

    /// Applies one layer on top of what is there: first its deletions (a deleted folder takes
    /// its content with it; an opaque folder loses what lower layers put in it), then its entries.
    mutating func apply(_ layer: LayerChanges) {
        layers += 1
        for path in layer.whiteouts {
            if let removed = nodes.removeValue(forKey: path), removed.kind == .directory {
                removeDescendants(of: path)
            }
        }
        for path in layer.opaqueDirectories {
            removeDescendants(of: path)
        }
        for (path, node) in layer.added {
            if let old = nodes[path], old.kind == .directory, node.kind != .directory {
                removeDescendants(of: path)
            }
            nodes[path] = node
        }
    }

    private mutating func removeDescendants(of folder: String) {
        if folder.isEmpty {
            nodes.removeAll()
            return
        }
        let prefix = folder + "/"
        for key in nodes.keys where key.hasPrefix(prefix) {
            nodes.removeValue(forKey: key)
        }
    }

    /// The path `path` leads to once every symlink on the way (the last one too) is followed
    /// inside the image (an absolute target starts again at the image root; `..` never leaves
    /// it), with the node found there; `nil` when it leads nowhere or loops.
    func resolve(_ path: String) -> (path: String, node: ImageNode)? {
        resolve(path, followLast: true)
    }

    /// Like ``resolve(_:)`` but the last component is not followed: where a link itself lives.
    func resolveParent(_ path: String) -> (path: String, node: ImageNode)? {
        resolve(path, followLast: false)
    }

    private func resolve(_ path: String, followLast: Bool) -> (path: String, node: ImageNode)? {
        var pending = Array(path.split(separator: "/").map(String.init).reversed())
        var current: [String] = []
        var hops = 0
        var found: ImageNode?
        while let component = pending.popLast() {
            if component == "." || component.isEmpty { continue }
            if component == ".." {
                if !current.isEmpty { current.removeLast() }
                found = nil
                continue
            }
            let candidate = (current + [component]).joined(separator: "/")
            guard let node = nodes[candidate] else {
                // layer tars may omit a folder's own entry: a missing folder on the way is implicit
                if pending.isEmpty { return nil }
                current.append(component)
                found = nil
                continue
            }
            if node.kind == .symlink, let target = node.target, followLast || !pending.isEmpty {
                hops += 1
                if hops > 40 { return nil }
                if target.hasPrefix("/") { current = [] }
                pending.append(contentsOf: target.split(separator: "/").map(String.init).reversed())
                found = nil
                continue
            }
            current.append(component)
            found = node
        }
        guard let node = found else {
            return nil
        }
        return (current.joined(separator: "/"), node)
    }
}
