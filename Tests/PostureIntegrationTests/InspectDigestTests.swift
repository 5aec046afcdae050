import Foundation
import PostureCollect
import PostureFacts
import PostureStore
import Testing

extension RealEngineTests {
    /// A collect does not read again an inspect document that is byte for byte the one a
    /// container's current facts were read from (`inspect_digests`). On the real engine: what
    /// is skipped, what is read, and that the facts end up exactly as a collect reading
    /// everything leaves them. Serialized with the other real-engine tests: it changes
    /// containers that their whole-engine diffs would see.
    @Suite("inspect digests", .serialized)
    struct InspectDigestTests {
        let tag = String(UUID().uuidString.prefix(8)).lowercased()

        /// This test's containers by name → ID (other suites use the same engine meanwhile).
        func ids(_ names: [String]) throws -> [String: String] {
            var ids: [String: String] = [:]
            for name in names { ids[name] = try TestEngines.dockerCLI("inspect", "--format", "{{.Id}}", name) }
            return ids
        }

        /// The containers a collect said changed (``EngineCollector/ContainersChanged``), by ID.
        final class Changed: @unchecked Sendable {
            private let lock = NSLock()
            private var seen: Set<String> = []
            func tell(_ endpoint: EngineEndpoint, _ containerID: String) { lock.withLock { _ = seen.insert(containerID) } }
            var ids: Set<String> { lock.withLock { seen } }
        }

        /// The containers collector's digests from one collect.
        func digests(_ collections: [EngineCollection]) throws -> InspectDigests {
            let result = collections.first?.results.first { $0.collector == "containers" }
            return try #require(result?.digests)
        }

        /// Every open fact row of this test's containers, in all seven container tables.
        func facts(_ h: CollectHarness) throws -> [String] {
            let mine = "(SELECT container_id FROM containers WHERE name LIKE 'dig-%-\(tag)')"
            var rows: [String] = []
            for table in [
                "containers", "container_mounts", "container_ports", "container_networks", "container_capabilities",
                "container_env", "container_labels",
            ] {
                rows += try h.rows("SELECT '\(table)', * FROM \(table) WHERE container_id IN \(mine) ORDER BY 2, 3, 4, 5")
            }
            return rows
        }

        /// The images collector's digests from one collect.
        func imageDigests(_ collections: [EngineCollection]) throws -> InspectDigests {
            let result = collections.first?.results.first { $0.collector == "images" }
            return try #require(result?.digests)
        }

        /// Every open fact row of the engine's images, in the four image tables.
        func imageFacts(_ h: CollectHarness, engine: String) throws -> [String] {
            var rows: [String] = []
            for table in ["images", "image_tags", "image_env", "image_history"] {
                rows += try h.rows("SELECT '\(table)', * FROM \(table) WHERE engine_id = '\(engine)' ORDER BY 2, 3, 4, 5")
            }
            return rows
        }

        @Test("unchanged image documents are skipped, a retagged image is read; the facts equal a full read's, and digests follow the images")
        func skipsUnchangedImages() async throws {
            let extra = "posture-test/dig-\(tag):1"
            defer { _ = try? TestEngines.dockerCLI("rmi", extra) }
            let h = try CollectHarness()
            let endpoint = try TestEngines.dockerEndpoint()
            let busybox = try TestEngines.dockerCLI("image", "inspect", "--format", "{{.Id}}", "posture-test/busybox:1")

            // First collect: every image read, its digest stored.
            let (_, first) = try await h.collect([endpoint])
            #expect(try imageDigests(first).read.keys.contains(busybox))
            #expect(try h.value("SELECT count(*) FROM image_digests WHERE image_id = '\(busybox)'") == "1")

            // Unchanged: no image is read again, and no image fact changes.
            let before = try imageFacts(h, engine: endpoint.id)
            let (second, again) = try await h.collect([endpoint])
            #expect(try imageDigests(again).read.isEmpty)
            #expect(try imageDigests(again).unchanged.contains(busybox))
            #expect(try imageFacts(h, engine: endpoint.id) == before)
            #expect(second.changes["images", default: TableChanges()].isEmpty)
            let stored = try h.value("SELECT count(*) FROM images WHERE engine_id = '\(endpoint.id)'")
            #expect(again.first.map { String($0.imageCount) } == stored, "unchanged images still count")

            // A new tag changes the image's inspect: that image alone is read, and it has the tag.
            try TestEngines.dockerCLI("tag", "posture-test/busybox:1", extra)
            let (_, tagged) = try await h.collect([endpoint])
            #expect(try Array(imageDigests(tagged).read.keys) == [busybox])
            #expect(try h.value("SELECT count(*) FROM image_tags WHERE image_id = '\(busybox)' AND reference = '\(extra)'") == "1")

            // A full read (no digests kept) finds exactly the facts the skipping collects left.
            let incremental = try imageFacts(h, engine: endpoint.id)
            try h.store.write { db in try db.execute(sql: "DELETE FROM image_digests") }
            let (full, reread) = try await h.collect([endpoint])
            #expect(try imageDigests(reread).read.keys.contains(busybox))
            #expect(try imageFacts(h, engine: endpoint.id) == incremental)
            #expect(full.changes["image_tags", default: TableChanges()].isEmpty)

            // The tag removed: the image is read again and loses the tag.
            try TestEngines.dockerCLI("rmi", extra)
            let (_, untagged) = try await h.collect([endpoint])
            #expect(try imageDigests(untagged).read.keys.contains(busybox))
            #expect(try h.rows("SELECT 1 FROM image_tags WHERE reference = '\(extra)'").isEmpty)
        }

        @Test("unchanged documents are skipped, changed ones read; the facts equal a full read's, and digests follow the containers")
        func skipsUnchanged() async throws {
            let (a, b, c) = ("dig-a-\(tag)", "dig-b-\(tag)", "dig-c-\(tag)")
            defer { _ = try? TestEngines.dockerCLI("rm", "-f", a, b, c, "dig-b2-\(tag)") }
            for name in [a, b, c] {
                try TestEngines.dockerCLI(
                    "run", "-d", "--name", name, "--memory", "64m", "-e", "TOKEN=\(name)", "-p", "127.0.0.1::80",
                    "posture-test/busybox:1", "sleep", "86400")
            }
            let id = try ids([a, b, c])
            let h = try CollectHarness()
            let endpoint = try TestEngines.dockerEndpoint()

            // First collect: nothing known, every document read and its digest stored.
            let (_, first) = try await h.collect([endpoint])
            let firstDigests = try digests(first)
            #expect(Set(id.values).isSubset(of: Set(firstDigests.read.keys)))
            #expect(firstDigests.unchanged.isEmpty)
            let stored = try h.rows("SELECT count(*) FROM inspect_digests WHERE container_id IN ('\(id[a]!)', '\(id[b]!)', '\(id[c]!)')")
            #expect(stored == ["3"])

            // Unchanged: none of ours is read or said to have changed; nothing of theirs changes.
            let before = try facts(h)
            let quiet = Changed()
            let (second, again) = try await h.collect([endpoint], containersChanged: quiet.tell)
            #expect(quiet.ids.isDisjoint(with: Set(id.values)))
            let secondDigests = try digests(again)
            #expect(Set(id.values).isSubset(of: Set(secondDigests.unchanged)))
            #expect(Set(id.values).isDisjoint(with: Set(secondDigests.read.keys)))
            #expect(try facts(h) == before)
            #expect(second.changes["container_env", default: TableChanges()].isEmpty)
            // The summary still names the skipped containers with their pids (host facts need them).
            let running = try #require(again.first?.containers.first { $0.containerID == id[a] })
            #expect(running.name == a && running.pid != nil)

            // A changed limit and a rename: only those two are read, and their facts change.
            try TestEngines.dockerCLI("update", "--memory", "96m", "--memory-swap", "192m", a)
            try TestEngines.dockerCLI("rename", b, "dig-b2-\(tag)")
            let told = Changed()
            let (third, changed) = try await h.collect([endpoint], containersChanged: told.tell)
            #expect(told.ids.isSuperset(of: [id[a]!, id[b]!]) && !told.ids.contains(id[c]!))
            let thirdDigests = try digests(changed)
            #expect(Set(thirdDigests.read.keys).isSuperset(of: [id[a]!, id[b]!]))
            #expect(!thirdDigests.read.keys.contains(id[c]!))
            #expect(thirdDigests.unchanged.contains(id[c]!))
            #expect((third.changes["containers"]?.changed ?? 0) >= 2)
            #expect(try h.value("SELECT memory_limit FROM containers WHERE name = '\(a)'") == "100663296")
            #expect(try h.value("SELECT container_id FROM containers WHERE name = 'dig-b2-\(tag)'") == id[b])

            // A full read (no digests kept) finds exactly the facts the skipping collects left.
            let incremental = try facts(h)
            try h.store.write { db in try db.execute(sql: "DELETE FROM inspect_digests") }
            let (full, reread) = try await h.collect([endpoint])
            #expect(Set(try digests(reread).read.keys).isSuperset(of: Set(id.values)))
            #expect(try facts(h) == incremental)
            #expect(full.changes["container_env", default: TableChanges()].isEmpty)
            #expect(full.changes["container_ports", default: TableChanges()].isEmpty)

            // A digest that does not match (another document, another key) is read, not trusted.
            try h.store.write { db in
                try db.execute(sql: "UPDATE inspect_digests SET digest = zeroblob(16) WHERE container_id = ?", arguments: [id[c]!])
            }
            let (_, mismatched) = try await h.collect([endpoint])
            #expect(try digests(mismatched).read.keys.contains(id[c]!))
            #expect(try facts(h) == incremental)

            // A removed container's facts close and its digest goes.
            try TestEngines.dockerCLI("rm", "-f", c)
            let gone = Changed()
            let (_, removed) = try await h.collect([endpoint], containersChanged: gone.tell)
            #expect(gone.ids.contains(id[c]!), "a container no longer listed is a change")
            #expect(try !digests(removed).unchanged.contains(id[c]!))
            #expect(try h.rows("SELECT name FROM containers WHERE name = '\(c)'").isEmpty)
            #expect(try h.rows("SELECT 1 FROM container_env WHERE container_id = '\(id[c]!)'").isEmpty)
            #expect(try h.rows("SELECT 1 FROM inspect_digests WHERE container_id = '\(id[c]!)'").isEmpty)
            #expect(try h.value("SELECT count(*) FROM inspect_digests WHERE container_id IN ('\(id[a]!)', '\(id[b]!)')") == "2")
        }
    }
}
