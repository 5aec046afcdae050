import Foundation
import Testing
@testable import PostureCollect
@testable import SyntheticEngine

/// The benchmark fixture must stay deterministic and churn exactly what it is told, or the
/// benchmark figures silently stop meaning anything.
@Suite("synthetic engine")
struct SyntheticEngineTests {
    let config = SyntheticWorld.Configuration(containers: 400, images: 30, networks: 6, seed: 42, churn: 0.05)

    func json(_ engine: SyntheticEngine, _ path: String) throws -> Any {
        let answer = engine.respond(method: "GET", uri: path)
        #expect(answer.status == 200, "\(path) answered \(answer.status)")
        return try JSONSerialization.jsonObject(with: Data(answer.body))
    }

    @Test("the same seed and step give byte-identical documents; another seed differs")
    func determinism() throws {
        let a = SyntheticEngine(config, step: 3)
        let b = SyntheticEngine(config)
        _ = b.respond(method: "POST", uri: "/_synthetic/step?to=2")
        _ = b.respond(method: "POST", uri: "/_synthetic/step")
        for path in ["/v1.41/containers/json?all=1", "/v1.41/images/json", "/v1.41/networks", "/v1.41/volumes", "/v1.41/info"] {
            #expect(a.respond(method: "GET", uri: path).body == b.respond(method: "GET", uri: path).body, "\(path)")
        }
        var other = config
        other.seed = 43
        let c = SyntheticEngine(other, step: 3)
        #expect(a.respond(method: "GET", uri: "/containers/json").body != c.respond(method: "GET", uri: "/containers/json").body)
    }

    @Test("each step touches round(churn x N) containers and the list shows exactly that")
    func churnFraction() throws {
        var world = SyntheticWorld(config)
        for _ in 0..<10 {
            let before = world
            let changes = world.advance()
            #expect(changes.containersTouched == 20)  // 5% of 400
            #expect(changes.imagesRebuilt == 2)  // 5% of 30 rounded
            let old = Dictionary(uniqueKeysWithValues: before.containers.map { ($0.serial, $0) })
            let new = Dictionary(uniqueKeysWithValues: world.containers.map { ($0.serial, $0) })
            let removed = Set(old.keys).subtracting(new.keys).count
            let added = Set(new.keys).subtracting(old.keys).count
            let changed = new.filter { serial, c in old[serial].map { $0 != c } ?? false }.count
            #expect(world.containers.count == 400)
            #expect(removed == changes.removed + changes.imagesReplaced && added == removed)
            #expect(changed == changes.limitsChanged)
        }
        var still = config
        still.churn = 0
        var quiet = SyntheticWorld(still)
        let first = quiet.containers
        quiet.advance(to: 5)
        #expect(quiet.containers == first)
    }

    @Test("every listed container, image and history answers with a parseable inspect of the same ID")
    func documentsAreConsistent() throws {
        let engine = SyntheticEngine(config, step: 4)
        let list = try #require(try json(engine, "/v1.41/containers/json?all=1") as? [[String: Any]])
        #expect(list.count == 400)
        for summary in list.prefix(50) {
            let id = try #require(summary["Id"] as? String)
            let inspect = try #require(try json(engine, "/v1.41/containers/\(id)/json") as? [String: Any])
            #expect(inspect["Id"] as? String == id)
            #expect(inspect["Image"] as? String == summary["ImageID"] as? String)
            let host = try #require(inspect["HostConfig"] as? [String: Any])
            #expect(host["Memory"] is NSNumber)
        }
        let images = try #require(try json(engine, "/v1.41/images/json") as? [[String: Any]])
        #expect(images.count >= 30)
        let ids = Set(images.compactMap { $0["Id"] as? String })
        #expect(Set(list.compactMap { $0["ImageID"] as? String }).isSubset(of: ids))
        for id in ids.prefix(10) {
            let escaped = id.replacingOccurrences(of: ":", with: "%3A")
            #expect((try json(engine, "/v1.41/images/\(escaped)/json") as? [String: Any])?["Id"] as? String == id)
            #expect((try json(engine, "/v1.41/images/\(id)/history") as? [[String: Any]])?.count == 4)
        }
        let networks = try #require(try json(engine, "/v1.41/networks") as? [[String: Any]])
        #expect(networks.count == 6 + 3)
        #expect(engine.respond(method: "GET", uri: "/v1.41/containers/nope/json").status == 404)
        #expect(engine.respond(method: "POST", uri: "/_synthetic/step?to=1").status == 400)
    }

    @Test("an image export is deterministic, small, answered with or without the version prefix, and fixed for its ID")
    func exportIsDeterministic() throws {
        let a = SyntheticEngine(config, step: 3)
        let b = SyntheticEngine(config)
        _ = b.respond(method: "POST", uri: "/_synthetic/step?to=3")
        let images = try #require(try json(a, "/v1.41/images/json") as? [[String: Any]])
        var exports: [String: [UInt8]] = [:]
        for id in images.compactMap({ $0["Id"] as? String }) {
            let export = a.respond(method: "GET", uri: "/v1.41/images/\(id.replacingOccurrences(of: ":", with: "%3A"))/get")
            #expect(export.status == 200)
            #expect(export.body == b.respond(method: "GET", uri: "/images/\(id)/get").body, "\(id)")
            #expect(export.body.count % 512 == 0 && export.body.count < 24 * 1024, "\(export.body.count) bytes")
            exports[id] = export.body
        }
        #expect(Set(exports.values).count == exports.count)
        // A step rebuilds some images; the others keep their export byte for byte.
        _ = a.respond(method: "POST", uri: "/_synthetic/step")
        let after = try #require(try json(a, "/v1.41/images/json") as? [[String: Any]])
        var kept = 0
        for id in after.compactMap({ $0["Id"] as? String }) {
            guard let before = exports[id] else { continue }
            #expect(a.respond(method: "GET", uri: "/images/\(id)/get").body == before, "\(id)")
            kept += 1
        }
        #expect(kept > 0)
        #expect(a.respond(method: "GET", uri: "/images/sha256:0000/get").status == 404)
    }

    /// Feeds an export to posture's reader in uneven pieces (as the socket delivers it).
    func read(_ export: [UInt8]) throws -> ImageTree {
        let reader = ImageArchiveReader()
        var start = 0
        while start < export.count {
            let end = min(start + 700, export.count)
            try export[start..<end].withUnsafeBytes { try reader.feed($0) }
            start = end
        }
        return try reader.finish()
    }

    @Test(
        "posture's archive reader reads every flavour of export into the expected files",
        arguments: [
            (0, "debian", 2, ["shell /bin/sh -> /bin/dash", "shell /bin/bash", "shell /bin/dash", "package_manager /usr/bin/apt-get", "package_manager /usr/bin/dpkg"]),
            (1, "debian", 2, ["shell /bin/sh -> /bin/dash", "shell /bin/bash", "shell /bin/dash", "package_manager /usr/bin/apt-get", "package_manager /usr/bin/dpkg", "setuid /app/bin/helper"]),
            (3, "debian", 2, ["shell /bin/sh -> /bin/dash", "shell /bin/bash", "shell /bin/dash", "package_manager /usr/bin/apt-get", "package_manager /usr/bin/dpkg", "sudo /usr/bin/sudo", "setuid /usr/bin/sudo"]),
            (4, "debian", 2, ["shell /bin/sh -> /bin/dash", "shell /bin/bash", "shell /bin/dash"]),
            (5, "alpine", 2, ["shell /bin/sh -> /bin/busybox", "shell /bin/busybox", "package_manager /sbin/apk", "secret /app/.env"]),
            (8, "", 1, []),
            (9, "", 1, []),
        ])
    func exportParses(index: Int, os: String, layers: Int, files: [String]) throws {
        let world = SyntheticWorld(config)
        let docs = SyntheticDocuments(world)
        let ref = SyntheticWorld.ImageRef(index: index, generation: 0)
        let tree = try read(docs.imageExport(ref))
        #expect(tree.layers == layers)
        let inspect = try #require(try JSONSerialization.jsonObject(with: Data(docs.imageInspect(ref).utf8)) as? [String: Any])
        #expect(((inspect["RootFS"] as? [String: Any])?["Layers"] as? [String])?.count == layers)
        let server = try #require(tree.resolve("app/server"))
        #expect(server.node.kind == .file && server.node.mode == 0o755 && server.node.uid == 0)
        let contents = ImageContentsAnalysis.analyse(tree)
        #expect((contents.osID ?? "") == os)
        let found = contents.files.map { "\($0.category.rawValue) \($0.path)" + ($0.target.map { " -> \($0)" } ?? "") }
        #expect(Set(found) == Set(files))
        let users = contents.accounts.filter { $0.kind == .user }
        #expect(users.first?.name == "root" && users.first?.id == 0)
        #expect(users.contains { $0.name == "app" && $0.id == 1000 })
        #expect(contents.accounts.contains { $0.kind == .group && $0.name == "app" })
        switch os {
        case "debian":
            #expect(contents.packageDB == "dpkg" && contents.packageCount == 2 + index % 3)
        case "alpine":
            #expect(contents.packageDB == "apk" && contents.packageCount == 3)
        default:
            #expect(contents.packageDB == nil)
        }
    }
}
