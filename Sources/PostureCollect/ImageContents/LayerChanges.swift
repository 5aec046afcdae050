/// One entry of an image's filesystem: what posture keeps of a file, folder or link (never the
/// content, except for the few files in ``ContentCapture``).
struct ImageNode: Sendable, Equatable {
    enum Kind: Sendable, Equatable { case file, directory, symlink, other }

    var kind: Kind
    /// Permission bits with setuid, setgid and sticky (0o7777).
    var mode: UInt32
    var uid: Int
    var gid: Int
    var size: Int64
    /// Symlink target as written (absolute or relative), `nil` for other kinds.
    var target: String?
    /// What ``ContentCapture`` kept of the file's content, if it is one of the files it reads.
    var captured: CapturedContent?
}

/// What one layer does to the layers below it: paths it deletes (whiteouts), folders whose
/// lower content it hides (opaque folders), and the entries it adds or replaces, in order.
/// Built from a layer tar (``LayerChangesBuilder``) or an overlay layer folder (``OverlayLayerReader``).
struct LayerChanges: Sendable {
    var whiteouts: [String] = []
    var opaqueDirectories: [String] = []
    var added: [(path: String, node: ImageNode)] = []
}

/// A ``TarEntryHandler`` that turns one layer tar into ``LayerChanges``: `.wh.<name>` deletes
/// `<name>`, `.wh..wh..opq` makes its folder opaque, hard links copy their target's node, and the
/// files ``ContentCapture`` names have their content read as they stream past.
final class LayerChangesBuilder: TarEntryHandler {
    private(set) var changes = LayerChanges()
    private var index: [String: Int] = [:]
    private var current: (path: String, node: ImageNode)?
    private var capture: ContentCapture.Reader?

    func begin(_ entry: TarEntry) throws {
        let path = entry.normalisedPath
        let parts = path.split(separator: "/")
        if parts.contains("..") { return }  // never outside the image root
        if let name = parts.last, name.hasPrefix(".wh.") {
            let parent = parts.dropLast().joined(separator: "/")
            if name == ".wh..wh..opq" {
                changes.opaqueDirectories.append(parent)
            } else {
                let hidden = String(name.dropFirst(4))
                changes.whiteouts.append(parent.isEmpty ? hidden : parent + "/" + hidden)
            }
            return
        }
        if path.isEmpty { return }
        var node = ImageNode(
            kind: .other, mode: entry.mode, uid: entry.uid, gid: entry.gid, size: entry.size, target: nil, captured: nil)
        switch entry.kind {
        case .file: node.kind = .file
        case .directory: node.kind = .directory
        case .symlink:
            node.kind = .symlink
            node.target = entry.linkName
        case .hardLink:
            let target = TarEntry.normalise(entry.linkName)
            if let i = index[target] {
                let linked = changes.added[i].node
                node = linked
                if entry.mode != 0 { node.mode = entry.mode }
            } else {
                node.kind = .file  // target in a lower layer: same file, mode from this header
            }
        default: node.kind = .other
        }
        if node.kind == .file, entry.kind == .file, let kind = ContentCapture.kind(for: path) {
            capture = ContentCapture.Reader(kind: kind)
        }
        current = (path, node)
    }

    func content(_ bytes: UnsafeRawBufferPointer) throws {
        capture?.consume(bytes)
    }

    func end() throws {
        guard var entry = current else { return }
        if let reader = capture {
            entry.node.captured = reader.result
            capture = nil
        }
        index[entry.path] = changes.added.count
        changes.added.append(entry)
        current = nil
    }
}
