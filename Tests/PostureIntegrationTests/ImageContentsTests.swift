import Foundation
import PostureCollect
import PostureFacts
import PostureStore
import Testing

/// Image contents on the real engines, over the images scripts/test-engines builds with
/// `docker import` (scripts/lib/test-engines/images.sh): every fact on the graph-driver path
/// and on the export-stream path, the two paths agreeing, and reuse on a second collect.
@Suite("image contents on real engines", .serialized, .enabled(if: TestEngines.enabled))
struct ImageContentsTests {
    static let busybox = "posture-test/contents-busybox:1"
    static let distroless = "posture-test/contents-distroless:1"
    static let risky = "posture-test/contents-risky:1"

    /// Rows of one collector run, as `table|column=value|...` lines sorted, per image ID.
    struct Rows {
        let result: CollectorResult

        func contents(_ imageID: String) -> [String: FactValue]? {
            let set = result.facts.first { $0.table == "image_contents" }!
            let id = set.columns.firstIndex(of: "image_id")!
            return set.rows.first { $0[id] == .text(imageID) }.map { Dictionary(uniqueKeysWithValues: zip(set.columns, $0)) }
        }

        func rows(_ table: String, _ imageID: String, _ columns: [String]) -> [String] {
            let set = result.facts.first { $0.table == table }!
            let id = set.columns.firstIndex(of: "image_id")!
            return set.rows.filter { $0[id] == .text(imageID) }.map { row in
                columns.map { row[set.columns.firstIndex(of: $0)!].textValue ?? "NULL" }.joined(separator: "|")
            }.sorted()
        }

        /// Everything but how and how fast it was read: what both paths must agree on.
        func comparable(_ imageID: String) -> [String] {
            var lines = (contents(imageID) ?? [:]).filter { !["method", "analysis_ms"].contains($0.key) }
                .map { "\($0.key)=\($0.value.textValue ?? "NULL")" }
            lines += rows("image_files", imageID, ["category", "path", "name", "target", "mode", "uid", "gid", "size"])
            lines += rows("image_accounts", imageID, ["kind", "name", "id", "primary_gid", "home", "shell", "password", "uid0_alias", "duplicate_id"])
            return lines.sorted()
        }
    }

    static func collect(_ endpoint: EngineEndpoint, method: String) async throws -> Rows {
        let session = try EngineSession(timeoutSeconds: 30, concurrency: 4)
        let client = session.client(for: endpoint)
        _ = try await client.negotiate()
        let result = await ImageContentsCollector(client: client, method: method).collect()
        await session.shutdown()
        return Rows(result: result)
    }

    static func imageID(_ cli: [String], _ image: String) throws -> String {
        let id = try TestEngines.run("/usr/bin/env", cli + ["image", "inspect", "--format", "{{.Id}}", image])
        return id.hasPrefix("sha256:") ? id : "sha256:" + id  // podman prints the bare digest
    }

    static func dockerCLI() throws -> [String] { ["docker", "-H", try TestEngines.dockerEndpoint().id] }
    static func podmanCLI() throws -> [String] { ["podman", "--remote", "--url", try TestEngines.podmanEndpoint().id] }

    func expectBusybox(_ rows: Rows, _ id: String, engine: String) {
        let c = rows.contents(id)
        #expect(c?["status"] == "ok", "\(engine): \(c?["error"]?.textValue ?? "no row")")
        #expect(c?["shells"] == "/bin/sh,/bin/busybox" && c?["shell_count"] == 2)
        #expect(c?["package_db"] == "dpkg" && c?["package_count"] == 2)
        #expect(c?["package_managers"] == "" && c?["has_sudo"] == 0)
        #expect(c?["os_id"] == "debian" && c?["os_version_id"] == "12" && c?["os_pretty_name"] == "Debian GNU/Linux 12 (bookworm)")
        #expect(c?["distroless"] == 0 && c?["distroless_reasons"] == "shell: /bin/sh, /bin/busybox")
        #expect(c?["setuid_count"] == 0 && c?["secret_file_count"] == 0 && c?["uid0_aliases"] == "" && c?["empty_password_users"] == "")
        #expect(rows.rows("image_files", id, ["category", "path", "target"]) == ["shell|/bin/busybox|NULL", "shell|/bin/sh|/bin/busybox"])
        #expect(rows.rows("image_accounts", id, ["kind", "name", "id", "password"]) == [
            "group|nogroup|65534|NULL", "group|root|0|NULL", "user|nobody|65534|locked", "user|root|0|locked",
        ])
    }

    func expectDistroless(_ rows: Rows, _ id: String, engine: String) {
        let c = rows.contents(id)
        #expect(c?["status"] == "ok", "\(engine): \(c?["error"]?.textValue ?? "no row")")
        #expect(c?["distroless"] == 1 && c?["distroless_reasons"] == .null)
        #expect(c?["shell_count"] == 0 && c?["shells"] == "" && c?["package_managers"] == "" && c?["has_sudo"] == 0)
        #expect(c?["package_db"] == "dpkg" && c?["package_count"] == 2)
        #expect(c?["os_pretty_name"] == "Distroless")
        #expect(rows.rows("image_files", id, ["category", "path"]) == [])
        #expect(rows.rows("image_accounts", id, ["kind", "name", "id", "password", "uid0_alias"]) == [
            "group|nonroot|65532|NULL|0", "group|root|0|NULL|0", "user|nonroot|65532|unknown|0", "user|root|0|unknown|0",
        ])
    }

    func expectRisky(_ rows: Rows, _ id: String) {
        let c = rows.contents(id)
        #expect(c?["status"] == "ok", "\(c?["error"]?.textValue ?? "no row")")
        #expect(c?["layers"] == 2)
        #expect(c?["distroless"] == 0)
        #expect(c?["distroless_reasons"] == "shell: /bin/sh, /bin/busybox; package manager: apt; sudo: /usr/bin/sudo")
        #expect(c?["uid0_aliases"] == "toor" && c?["empty_password_users"] == "toor")
        #expect(c?["setuid_count"] == 2 && c?["setgid_count"] == 1 && c?["secret_file_count"] == 2)
        #expect(rows.rows("image_files", id, ["category", "path", "name", "mode"]) == [
            "package_manager|/usr/bin/apt|apt|755",
            "secret|/app/.env|.env|644",
            "secret|/root/.ssh/id_rsa|id_rsa|600",
            "setgid|/usr/bin/wall|wall|2755",
            "setuid|/usr/bin/sudo|sudo|4755",
            "setuid|/usr/local/bin/helper|helper|4755",
            "shell|/bin/busybox|busybox|755",
            "shell|/bin/sh|sh|755",
            "sudo|/usr/bin/sudo|sudo|4755",
        ])  // /etc/id_dsa and /opt/gone/password.txt are whited out, /srv/data/credentials.json hidden (opaque)
        #expect(rows.rows("image_accounts", id, ["kind", "name", "id", "password", "uid0_alias", "duplicate_id"]) == [
            "group|root|0|NULL|0|0", "group|webadmins|1000|NULL|0|1", "group|web|1000|NULL|0|1",
            "user|root|0|locked|0|1", "user|toor|0|empty|1|1", "user|web|1000|set|0|0",
        ])
    }

    @Test("Docker: every fact on the graph-driver path and the export path, and the two agree")
    func docker() async throws {
        let endpoint = try TestEngines.dockerEndpoint()
        let cli = try Self.dockerCLI()
        let ids = (try Self.imageID(cli, Self.busybox), try Self.imageID(cli, Self.distroless), try Self.imageID(cli, Self.risky))
        let graph = try await Self.collect(endpoint, method: "graph-driver")
        let export = try await Self.collect(endpoint, method: "export")
        for (rows, method) in [(graph, "graph-driver"), (export, "export")] {
            #expect(rows.result.status == .ok, "\(method): \(rows.result.error ?? "")")
            #expect(rows.contents(ids.0)?["method"] == .text(method))
            expectBusybox(rows, ids.0, engine: "docker \(method)")
            expectDistroless(rows, ids.1, engine: "docker \(method)")
            expectRisky(rows, ids.2)
        }
        for id in [ids.0, ids.1, ids.2] {
            #expect(graph.comparable(id) == export.comparable(id), "paths disagree on \(id)")
        }
    }

    @Test("Podman: the graph-driver path (containers-storage overlay) and the export path agree")
    func podman() async throws {
        let endpoint = try TestEngines.podmanEndpoint()
        let cli = try Self.podmanCLI()
        let ids = (try Self.imageID(cli, "localhost/" + Self.busybox), try Self.imageID(cli, "localhost/" + Self.distroless))
        let graph = try await Self.collect(endpoint, method: "graph-driver")
        let export = try await Self.collect(endpoint, method: "export")
        for (rows, method) in [(graph, "graph-driver"), (export, "export")] {
            #expect(rows.result.status == .ok, "\(method): \(rows.result.error ?? "")")
            #expect(rows.contents(ids.0)?["method"] == .text(method))
            expectBusybox(rows, ids.0, engine: "podman \(method)")
            expectDistroless(rows, ids.1, engine: "podman \(method)")
        }
        for id in [ids.0, ids.1] {
            #expect(graph.comparable(id) == export.comparable(id), "paths disagree on \(id)")
        }
    }

    @Test("a second collect reuses every image: no analysis, no new versions, less time")
    func reuse() async throws {
        let h = try CollectHarness()
        let endpoints = [try TestEngines.dockerEndpoint(), try TestEngines.podmanEndpoint()]
        let (first, _) = try await h.collect(endpoints, imageContents: true)
        #expect(first.status == "complete")
        let (second, _) = try await h.collect(endpoints, imageContents: true)
        let counts = try h.rows(
            "SELECT snapshot_id, engine_id LIKE '%podman%', images_analysed, images_reused, versions_opened, duration_ms FROM snapshot_collectors WHERE collector = 'image_contents' ORDER BY snapshot_id, engine_id")
        #expect(counts.count == 4)
        let images = try h.rows("SELECT count(*) FROM images GROUP BY engine_id ORDER BY engine_id LIKE '%podman%'").compactMap { Int($0) }
        let parsed = counts.map { $0.split(separator: "|").map(String.init) }
        for (i, row) in parsed.enumerated() {
            let engineImages = images[Int(row[1])!]
            if i < 2 {
                #expect(row[2] == "\(engineImages)" && row[3] == "0", "first collect analyses every image: \(row)")
            } else {
                #expect(row[2] == "0" && row[3] == "\(engineImages)" && row[4] == "0", "second collect reuses: \(row)")
            }
        }
        let firstMs = parsed.prefix(2).map { Int($0[5])! }.reduce(0, +)
        let secondMs = parsed.suffix(2).map { Int($0[5])! }.reduce(0, +)
        #expect(secondMs < firstMs, "second collect took \(secondMs) ms, the first \(firstMs) ms")
        #expect(second.changes["image_contents"] == nil || second.changes["image_contents"]!.isEmpty)
        #expect(try h.value("SELECT count(*) FROM image_contents_history WHERE valid_from = \(second.snapshotID)") == "0")
        #expect(try h.value("SELECT count(*) FROM image_contents WHERE status = 'ok'") == "\(images.reduce(0, +))")
        // the acceptance: the distroless image is distroless, the others are not, each with reasons
        let verdicts = try h.rows(
            "SELECT t.reference, c.distroless, c.distroless_reasons IS NOT NULL FROM image_contents c JOIN image_tags t USING (engine_id, image_id) WHERE t.kind = 'tag' AND t.reference LIKE '%posture-test/contents-%' ORDER BY t.reference, c.engine_id")
        #expect(verdicts == [
            "localhost/posture-test/contents-busybox:1|0|1", "localhost/posture-test/contents-distroless:1|1|0",
            "posture-test/contents-busybox:1|0|1", "posture-test/contents-distroless:1|1|0",
            "posture-test/contents-risky-base:1|0|1", "posture-test/contents-risky:1|0|1",
        ])
    }

    @Test("unreadable layers become a failed row with the reason and a partial collector, never a crash")
    func unreadable() async throws {
        let session = try EngineSession(timeoutSeconds: 30, concurrency: 4)
        let client = session.client(for: try TestEngines.dockerEndpoint())
        _ = try await client.negotiate()
        // graph-driver only, below a host root where the layer folders do not exist
        let result = await ImageContentsCollector(
            client: client, hostRoot: "/nonexistent-posture-root", method: "graph-driver"
        ).collect()
        await session.shutdown()
        let rows = Rows(result: result)
        let id = try Self.imageID(try Self.dockerCLI(), Self.distroless)
        #expect(result.status == .partial)
        #expect(result.error?.hasPrefix("could not read ") == true, "\(result.error ?? "")")
        #expect(rows.contents(id)?["status"] == "failed")
        #expect(rows.contents(id)?["error"]?.textValue?.contains("graph driver folders are not readable") == true)
        #expect(rows.contents(id)?["distroless"] == nil || rows.contents(id)?["distroless"] == .null)
        #expect(result.counters["images_analysed"] ?? 0 >= 5)
    }

    @Test("posture collect: contents analysed once, then reused; --no-image-contents skips and keeps them")
    func commandLine() throws {
        let folder = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).deletingLastPathComponent()
        let binary = [folder, folder.deletingLastPathComponent()].map { $0.appendingPathComponent("posture").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        let posture = try #require(binary, "the posture binary is not built next to the tests (swift build --build-tests)")
        let h = try CollectHarness()
        let base = ["collect", "--engine", try TestEngines.dockerEndpoint().id, "--db", h.path, "--skip-host"]
        let first = try TestEngines.run(posture, base)
        #expect(first.contains("image contents: ") && !first.contains("image contents: 0 analysed"), "\(first)")
        let second = try TestEngines.run(posture, base)
        #expect(second.contains("image contents: 0 analysed"), "\(second)")
        _ = try TestEngines.run(posture, base + ["--no-image-contents"])
        #expect(try h.rows("SELECT snapshot_id, status, images_analysed = 0, images_reused > 0 FROM snapshot_collectors WHERE collector = 'image_contents' ORDER BY snapshot_id")
            == ["1|ok|0|0", "2|ok|1|1", "3|skipped|NULL|NULL"])
        #expect(try h.value("SELECT count(*) FROM image_contents_history WHERE valid_to IS NOT NULL OR valid_from > 1") == "0")
        #expect(try h.value("SELECT count(*) > 0 FROM findings WHERE check_id = 'img-not-distroless' AND status = 'ok'") == "1")
        #expect(try h.value("SELECT count(*) > 0 FROM findings WHERE check_id = 'img-secrets' AND status = 'alarm' AND reason LIKE '%/root/.ssh/id_rsa%'") == "1")
    }
}
