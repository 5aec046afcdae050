import Foundation
import PostureChecks
import PostureCollect
import PostureFacts
import PostureHost
import PostureStore
import Testing

/// The private engines `scripts/test` starts (see scripts/test-engines), read from the
/// environment it exports. When `POSTURE_REQUIRE_ENGINES=1` (as scripts/test and CI set it) a
/// missing engine fails the run instead of skipping it.
enum TestEngines {
    static let environment = ProcessInfo.processInfo.environment
    static var docker: String? { environment["POSTURE_TEST_DOCKER_HOST"] }
    static var podman: String? { environment["POSTURE_TEST_PODMAN_HOST"] }
    static var required: Bool { environment["POSTURE_REQUIRE_ENGINES"] == "1" }

    /// Whether the real-engine tests run: engines present, or required (then they fail loudly).
    static var enabled: Bool { docker != nil || required }

    static func dockerEndpoint() throws -> EngineEndpoint {
        guard let docker else {
            throw TestFailure("POSTURE_TEST_DOCKER_HOST is not set: run the tests with scripts/test")
        }
        return try EngineEndpoint.parse(docker, source: "test")
    }

    static func podmanEndpoint() throws -> EngineEndpoint {
        guard let podman else {
            throw TestFailure("POSTURE_TEST_PODMAN_HOST is not set: run the tests with scripts/test")
        }
        return try EngineEndpoint.parse(podman, source: "test")
    }

    /// Runs the docker CLI against the private engine; returns stdout, throws on failure.
    @discardableResult
    static func dockerCLI(_ arguments: String...) throws -> String {
        try run("/usr/bin/env", ["docker", "-H", try dockerEndpoint().id] + arguments)
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("\(arguments.joined(separator: " ")) failed: \(String(decoding: errors, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A temporary database plus a collect that goes through the same path as `posture collect`
/// (engines → snapshot in one transaction).
final class CollectHarness {
    let folder: String
    let path: String
    let store: PostureDatabase
    let hasher = SecretHasher(key: Data(repeating: 7, count: 32))

    init() throws {
        folder = NSTemporaryDirectory() + "posture-it-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = folder + "/posture.db"
        store = try PostureDatabase(path: path)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    @discardableResult
    func collect(
        _ endpoints: [EngineEndpoint], host: Bool = false, checks: Bool = false, imageContents: Bool = false,
        alsoKnown: [String: [KnownContainer]] = [:],
        containersChanged: (@Sendable (_ endpoint: EngineEndpoint, _ containerID: String) -> Void)? = nil
    ) async throws -> (SnapshotWriteSummary, [EngineCollection]) {
        let session = try EngineSession(timeoutSeconds: 20, concurrency: 8)
        // As `collect` does: the containers of the last snapshot are inspected early.
        let known = try store.knownContainers().merging(alsoKnown, uniquingKeysWith: +)
        let knownImages = try store.knownImageDigests()
        let collections = await Collection.collectEngines(
            endpoints, session: session, hasher: hasher, concurrency: 8, knownLater: { known[$0.id] ?? [] },
            knownImagesLater: { knownImages[$0.id] ?? [:] }, containersChanged: containersChanged)
        var results = collections.flatMap(\.results)
        if imageContents {
            // as `collect` does: reuse what the store holds, analyse the rest (every stored row is
            // loaded here; `collect` loads only the rows it copies to another engine)
            let cache = ImageContentsCache(
                contents: try store.openFactRows(table: "image_contents"),
                files: try store.openFactRows(table: "image_files"),
                accounts: try store.openFactRows(table: "image_accounts"))
            for c in collections where c.reachable {
                results.append(await ImageContentsCollector(client: session.client(for: c.endpoint), cache: cache).collect())
            }
        }
        await session.shutdown()
        if host {
            results += HostCollector().collect(
                engines: collections.map {
                    HostEngine(engineID: $0.endpoint.id, kind: $0.kind ?? "docker", socketPath: $0.endpoint.socketPath, rootless: $0.rootless)
                },
                containers: collections.flatMap { c in
                    c.containers.map { HostContainer(engineID: c.endpoint.id, containerID: $0.containerID, pid: $0.pid) }
                })
        }
        let input = SnapshotInput(
            takenAt: ISO8601DateFormatter().string(from: Date()), host: "test", toolVersion: "test",
            results: results)
        if checks {
            let runner = CheckRunner(catalog: try CheckCatalog.load())
            return (try store.writeSnapshot(input, afterFacts: runner.afterFacts), collections)
        }
        return (try store.writeSnapshot(input), collections)
    }

    func rows(_ sql: String, snapshot: Int64? = nil) throws -> [String] {
        let db = try ReadOnlyDatabase(path: path)
        if let snapshot { try db.scope(toSnapshot: snapshot) }
        return try db.query(sql).rows.map { $0.map { $0.text ?? "NULL" }.joined(separator: "|") }
    }

    func value(_ sql: String) throws -> String? { try rows(sql).first }
}
