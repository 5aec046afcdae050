import Foundation

/// A synthetic Docker engine's state and routing: the world at the current step and every
/// Engine API answer pre-rendered as bytes, so serving a request costs a dictionary lookup
/// (the benchmark's raw-fetch baseline then measures the socket, not the generator).
///
/// Reads requests as (method, path); writes nothing but its own state. Thread-safe.
/// Control endpoints (not part of the Engine API): `POST /_synthetic/step` advances one step,
/// `POST /_synthetic/step?to=N` goes to step N (forward only), `GET /_synthetic/state` tells
/// the step, the counts and the last step's changes, all as JSON.
public final class SyntheticEngine: @unchecked Sendable {
    public struct Response: Sendable {
        public let status: Int
        public let body: [UInt8]
    }

    private let lock = NSLock()
    private var world: SyntheticWorld
    private var lastChanges = SyntheticWorld.Changes()
    private var documents: [String: [UInt8]] = [:]
    /// Rendered inspects by (serial, revision): reused across steps for unchanged containers.
    private var containerCache: [Int: (revision: Int, id: String, body: [UInt8])] = [:]
    /// Image exports by image: an export never changes for its ID (it names no tag), so each is
    /// built once, when its image appears, and dropped with it (a few KB each).
    private var exportCache: [SyntheticWorld.ImageRef: [UInt8]] = [:]

    public init(_ configuration: SyntheticWorld.Configuration, step: Int = 0) {
        world = SyntheticWorld(configuration, step: step)
        render()
    }

    public var step: Int { lock.withLock { world.step } }

    /// Answers one request. Paths may carry an API version prefix (`/v1.41/…`).
    public func respond(method: String, uri: String) -> Response {
        var path = uri
        var query = ""
        if let q = uri.firstIndex(of: "?") {
            path = String(uri[..<q])
            query = String(uri[uri.index(after: q)...])
        }
        path = path.removingPercentEncoding ?? path
        if path.hasPrefix("/v"), let slash = path.dropFirst().firstIndex(of: "/"),
            path[path.index(path.startIndex, offsetBy: 2)..<slash].allSatisfy({ $0.isNumber || $0 == "." })
        {
            path = String(path[slash...])
        }
        if path == "/_synthetic/step" && method == "POST" {
            var target: Int?
            for pair in query.split(separator: "&") where pair.hasPrefix("to=") { target = Int(pair.dropFirst(3)) }
            return lock.withLock {
                if let target {
                    guard target >= world.step else {
                        return Self.error(400, "step \(target) is behind the current step \(world.step); restart the engine to go back")
                    }
                    while world.step < target { lastChanges = world.advance() }
                } else {
                    lastChanges = world.advance()
                }
                render()
                return Response(status: 200, body: Array(stateJSON().utf8))
            }
        }
        if path == "/_synthetic/state" { return lock.withLock { Response(status: 200, body: Array(stateJSON().utf8)) } }
        if path == "/_ping" { return Response(status: 200, body: Array("OK".utf8)) }
        guard method == "GET" || method == "HEAD" else { return Self.error(405, "the synthetic engine is read-only") }
        if let body = lock.withLock({ documents[path] }) { return Response(status: 200, body: body) }
        return Self.error(404, "no such object: \(path)")
    }

    static func error(_ status: Int, _ message: String) -> Response {
        Response(status: status, body: Array("{\"message\":\"\(message)\"}".utf8))
    }

    private func stateJSON() -> String {
        let c = lastChanges
        return """
            {"step":\(world.step),"containers":\(world.containers.count),"images":\(world.images.count),"networks":\(world.configuration.networks),"changes":{"removed":\(c.removed),"added":\(c.added),"limits_changed":\(c.limitsChanged),"images_replaced":\(c.imagesReplaced),"images_rebuilt":\(c.imagesRebuilt)}}
            """
    }

    /// Renders every document of the current step, reusing unchanged inspects.
    private func render() {
        let docs = SyntheticDocuments(world)
        var next: [String: [UInt8]] = [:]
        next["/version"] = Array(docs.version.utf8)
        next["/info"] = Array(docs.info.utf8)
        next["/containers/json"] = Array(docs.containerList.utf8)
        next["/images/json"] = Array(docs.imageList.utf8)
        next["/networks"] = Array(docs.networkList.utf8)
        next["/volumes"] = Array(docs.volumeList.utf8)
        var containers: [Int: (revision: Int, id: String, body: [UInt8])] = [:]
        for c in world.containers {
            let entry: (revision: Int, id: String, body: [UInt8])
            if let cached = containerCache[c.serial], cached.revision == c.revision {
                entry = cached
            } else {
                entry = (c.revision, docs.containerID(c), Array(docs.containerInspect(c).utf8))
            }
            containers[c.serial] = entry
            next["/containers/\(entry.id)/json"] = entry.body
        }
        containerCache = containers
        var exports: [SyntheticWorld.ImageRef: [UInt8]] = [:]
        for ref in world.images {
            // Tags move with rebuilds, so every image is rendered again (a few hundred at most).
            let id = docs.imageID(ref)
            next["/images/\(id)/json"] = Array(docs.imageInspect(ref).utf8)
            next["/images/\(id)/history"] = Array(docs.imageHistory(ref).utf8)
            let export = exportCache[ref] ?? docs.imageExport(ref)
            exports[ref] = export
            next["/images/\(id)/get"] = export
        }
        exportCache = exports
        documents = next
    }
}
