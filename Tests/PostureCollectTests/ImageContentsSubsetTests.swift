import Foundation
import PostureFacts
import Testing

@testable import PostureCollect

/// Images are immutable, so a collect writes image contents only for the images that changed on
/// an engine: those new to it and those it no longer lists. The rest are left to their stored
/// rows (no row is sent, and the fact sets are a subset that does not name them).
@Suite("image contents written as a subset")
struct ImageContentsSubsetTests {
    static let engine = "unix:///nonexistent/posture-test.sock"
    static let other = "unix:///nonexistent/other.sock"

    /// Stored open rows: for this engine `kept` (ok), `failed` (failed) and `removed` (ok); for
    /// the other engine `shared` (ok, with a file and an account).
    static let cache = ImageContentsCache(
        contents: [
            ["engine_id": .text(engine), "image_id": "kept", "status": "ok"],
            ["engine_id": .text(engine), "image_id": "failed", "status": "failed", "error": "unreadable"],
            ["engine_id": .text(engine), "image_id": "removed", "status": "ok"],
            ["engine_id": .text(other), "image_id": "shared", "status": "ok"],
        ],
        files: [["engine_id": .text(other), "image_id": "shared", "category": "shell", "path": "/bin/sh", "name": "sh"]],
        accounts: [["engine_id": .text(other), "image_id": "shared", "kind": "user", "name": "root", "id": 0]])

    /// Runs the collector for `listed` image IDs. None of them needs reading, so the engine (a
    /// socket that does not exist) is never asked.
    func collect(_ listed: [String], cache: ImageContentsCache = Self.cache) async throws -> CollectorResult {
        let session = try EngineSession(timeoutSeconds: 1, concurrency: 1)
        let client = session.client(for: try EngineEndpoint.parse(Self.engine, source: "test"))
        let result = await ImageContentsCollector(client: client, cache: cache, imageIDs: listed).collect()
        await session.shutdown()
        return result
    }

    func imageIDs(_ set: FactSet) -> [String] {
        let index = set.columns.firstIndex(of: "image_id")!
        return set.rows.map { $0[index].textValue ?? "NULL" }
    }

    @Test("a kept image sends nothing; a copied one is written for this engine; a gone one is named so its rows close")
    func subset() async throws {
        let result = try await collect(["kept", "shared"])
        #expect(result.status == .ok, "\(result.error ?? "")")
        #expect(result.itemCount == 2)
        #expect(result.counters == ["images_analysed": 0, "images_reused": 2])
        for table in ["image_contents", "image_files", "image_accounts"] {
            let set = try #require(result.facts.first { $0.table == table })
            #expect(set.subset == FactSet.Subset(column: "image_id", values: ["failed", "removed", "shared"]), "\(table)")
            #expect(imageIDs(set) == ["shared"], "\(table)")
            let engineIndex = set.columns.firstIndex(of: "engine_id")!
            #expect(set.rows.allSatisfy { $0[engineIndex] == .text(Self.engine) }, "\(table) rows belong to this engine")
        }
    }

    @Test("nothing changed on the engine: empty subsets, no rows")
    func unchanged() async throws {
        let result = try await collect(["kept", "removed"])
        for table in ["image_contents", "image_files", "image_accounts"] {
            let set = try #require(result.facts.first { $0.table == table })
            #expect(set.subset?.values == ["failed"], "\(table): the failed image is no longer listed")
            #expect(set.rows.isEmpty, "\(table)")
        }
    }

    @Test("only the rows of images one engine lists and another analysed are loaded")
    func rowsNeeded() {
        let index = ImageContentsCache.Index([
            (Self.engine, "kept", true), (Self.engine, "failed", false), (Self.other, "shared", true),
            (Self.other, "failed", true),
        ])
        // kept: this engine's own; shared and failed: the other engine analysed them; new: nobody
        #expect(index.rowsNeeded(listed: [Self.engine: ["kept", "shared", "failed", "new"], Self.other: ["shared"]]) == ["shared", "failed"])
        #expect(index.rowsNeeded(listed: [Self.other: ["shared", "failed"]]).isEmpty)
    }

    @Test("a cache holding only the needed rows gives the collector what the whole cache gives")
    func partialRows() async throws {
        let all = try await collect(["kept", "shared"])
        let index = ImageContentsCache.Index([
            (Self.engine, "kept", true), (Self.engine, "failed", false), (Self.engine, "removed", true),
            (Self.other, "shared", true),
        ])
        let needed = index.rowsNeeded(listed: [Self.engine: ["kept", "shared"]])
        #expect(needed == ["shared"])
        let partial = ImageContentsCache(
            index: index,
            contents: [["engine_id": .text(Self.other), "image_id": "shared", "status": "ok"]],
            files: [["engine_id": .text(Self.other), "image_id": "shared", "category": "shell", "path": "/bin/sh", "name": "sh"]],
            accounts: [["engine_id": .text(Self.other), "image_id": "shared", "kind": "user", "name": "root", "id": 0]])
        let fromPartial = try await collect(["kept", "shared"], cache: partial)
        #expect(fromPartial.facts.map(\.table) == all.facts.map(\.table))
        for (a, b) in zip(fromPartial.facts, all.facts) {
            #expect(a.subset == b.subset && a.columns == b.columns && a.rows == b.rows, "\(a.table)")
        }
        #expect(fromPartial.counters == all.counters)
        #expect(fromPartial.itemCount == all.itemCount)
    }
}
