import Foundation
import Testing
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
}
