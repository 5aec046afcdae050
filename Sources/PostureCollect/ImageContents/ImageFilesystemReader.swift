import Foundation
import NIOCore

/// Reads one image's merged filesystem without starting it: from the engine's overlay layer
/// folders when they are readable on this host (`GraphDriver.Data.LowerDir` and `UpperDir` of
/// the image inspect, below `--host-root`), otherwise by streaming `GET /images/{id}/get`
/// through ``ImageArchiveReader`` (nothing is written to disk).
struct ImageFilesystemReader: Sendable {
    /// Which way to read; `auto` tries the graph driver first.
    enum Method: String, Sendable { case auto, graphDriver = "graph-driver", export }

    let client: EngineClient
    let hostRoot: String
    let method: Method

    /// The image's tree and the way it was read (`graph-driver` or `export`).
    func read(imageID: String) async throws -> (ImageTree, String) {
        if method != .export, let folders = try await layerFolders(imageID) {
            do {
                return (try readFolders(folders), Method.graphDriver.rawValue)
            } catch {
                if method == .graphDriver { throw error }
                // unreadable after all (permissions, a layer removed meanwhile): stream the export
            }
        } else if method == .graphDriver {
            throw ImageReadError.unreadable(
                path: imageID, reason: "the engine's graph driver folders are not readable on this host")
        }
        return (try await readExport(imageID), Method.export.rawValue)
    }

    /// The image's layer folders bottom to top, below the host root, when the engine is local,
    /// uses an overlay driver, and every folder is readable; `nil` otherwise.
    func layerFolders(_ imageID: String) async throws -> [String]? {
        guard client.endpoint.socketPath != nil else { return nil }
        let inspect = try await client.getObject("/images/\(imageID)/json")
        let driver = inspect["GraphDriver"]
        guard let name = driver["Name"].string, name == "overlay2" || name == "overlay",
            let upper = driver["Data"]["UpperDir"].nonEmptyString
        else { return nil }
        let lower = driver["Data"]["LowerDir"].string.map { $0.split(separator: ":").map(String.init) } ?? []
        let root = hostRoot.hasSuffix("/") ? String(hostRoot.dropLast()) : hostRoot
        let folders = (lower.reversed() + [upper]).map { root + $0 }
        for folder in folders where access(folder, R_OK | X_OK) != 0 { return nil }
        return folders
    }

    func readFolders(_ folders: [String]) throws -> ImageTree {
        var tree = ImageTree()
        for folder in folders { tree.apply(try OverlayLayerReader(root: folder).read()) }
        return tree
    }

    func readExport(_ imageID: String) async throws -> ImageTree {
        let archive = ImageArchiveReader()
        do {
            try await client.stream("/images/\(imageID)/get") { piece in
                try piece.withUnsafeReadableBytes { try archive.feed($0) }
            }
        } catch let error as TarError {
            throw ImageReadError.badArchive(error.description)
        }
        return try archive.finish()
    }
}
