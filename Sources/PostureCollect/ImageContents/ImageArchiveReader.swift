import Foundation

/// Reads an image export (`GET /images/{id}/get`, `docker save`): a tar holding
/// `manifest.json` and the layer tars, in the docker-archive layout (`<id>/layer.tar`) or the
/// OCI layout Docker 25+ writes (`blobs/sha256/<digest>`), as one stream.
///
/// `manifest.json` usually comes after the layers, so every candidate blob is parsed into
/// ``LayerChanges`` as it streams past (metadata only, never its content) and the manifest
/// then says which of them are the image's layers and in which order. Blobs that are not
/// tars (configs, OCI manifests) fail to parse and are ignored unless the manifest names them.
final class ImageArchiveReader {
    private let entries = ArchiveEntries()
    private var outer: TarStreamReader

    init() {
        outer = TarStreamReader(handler: entries)
    }

    func feed(_ bytes: UnsafeRawBufferPointer) throws {
        try outer.feed(bytes)
    }

    /// After the whole export was fed: the image's merged filesystem, layers in manifest order.
    func finish() throws -> ImageTree {
        do {
            try outer.finish()
        } catch {
            throw ImageReadError.badArchive("\(error)")
        }
        return try entries.tree()
    }
}

/// The entries of the outer export tar: `manifest.json` kept, every candidate layer blob parsed
/// into ``LayerChanges`` as it streams past, symlinked layers remembered.
private final class ArchiveEntries: TarEntryHandler {
    private var layers: [String: Result<LayerChanges, LayerStreamError>] = [:]
    private var aliases: [String: String] = [:]
    private var manifest: [UInt8] = []
    private var current: (path: String, stream: LayerStream?, isManifest: Bool)?

    func begin(_ entry: TarEntry) throws {
        let path = entry.normalisedPath
        switch entry.kind {
        case .symlink, .hardLink:
            // docker save links a layer seen twice to its first copy
            let base = entry.kind == .symlink ? (path.split(separator: "/").dropLast().joined(separator: "/")) : ""
            let target = entry.linkName.hasPrefix("/") || base.isEmpty ? entry.linkName : base + "/" + entry.linkName
            aliases[path] = Self.clean(target)
            current = nil
        case .file:
            let name = path.split(separator: "/").last.map(String.init) ?? path
            if path == "manifest.json" {
                current = (path, nil, true)
            } else if ["index.json", "oci-layout", "repositories", "VERSION", "json"].contains(name) || name.hasSuffix(".json") {
                current = nil
            } else {
                current = (path, LayerStream(), false)
            }
        default:
            current = nil
        }
    }

    func content(_ bytes: UnsafeRawBufferPointer) throws {
        guard let current else { return }
        if current.isManifest {
            guard manifest.count + bytes.count <= 16 << 20 else {
                throw ImageReadError.badArchive("manifest.json is larger than 16 MiB")
            }
            manifest.append(contentsOf: bytes)
        } else {
            current.stream?.feed(bytes)
        }
    }

    func end() throws {
        guard let current else { return }
        if let stream = current.stream {
            do {
                layers[current.path] = .success(try stream.finish())
            } catch let error as LayerStreamError {
                layers[current.path] = .failure(error)
            }
        }
        self.current = nil
    }

    /// The image's merged filesystem, its layers applied in manifest order.
    func tree() throws -> ImageTree {
        guard !manifest.isEmpty else { throw ImageReadError.badArchive("the export has no manifest.json") }
        guard let document = try? JSONSerialization.jsonObject(with: Data(manifest)) as? [[String: Any]],
            let first = document.first, let paths = first["Layers"] as? [String]
        else {
            throw ImageReadError.badArchive("manifest.json does not list the image's Layers")
        }
        var tree = ImageTree()
        for given in paths {
            var path = Self.clean(given)
            var hops = 0
            while let next = aliases[path], hops < 10 {
                path = next
                hops += 1
            }
            switch layers[path] {
            case .success(let changes)?: tree.apply(changes)
            case .failure(let error)?: throw ImageReadError.badLayer(layer: given, reason: error.description)
            case nil: throw ImageReadError.badArchive("layer \(given) named in manifest.json is not in the export")
            }
        }
        return tree
    }

    private static func clean(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() } } else { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }
}

/// Why an image's filesystem could not be read.
enum ImageReadError: Error, CustomStringConvertible {
    case badArchive(String)
    case badLayer(layer: String, reason: String)
    case unreadable(path: String, reason: String)

    var description: String {
        switch self {
        case .badArchive(let reason):
            return "the image export is unreadable: \(reason) (posture tries again at the next collect)"
        case .badLayer(let layer, let reason):
            return "layer \(layer) of the image export is unreadable: \(reason) (re-pull or rebuild the image; posture tries again at the next collect)"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason) (run posture as root, or as the user of a rootless engine)"
        }
    }
}
