import Foundation
import PostureStore
import Testing

/// One fault test's workbench: a temporary folder with the database, a proxy socket path in
/// front of the private Docker engine, and helpers to collect through the real `posture`
/// binary and to assert what every fault must leave behind.
final class FaultBench {
    let folder: String
    let db: String
    let proxySocket: String
    let engineSocket: String

    init(folder: String? = nil) throws {
        let endpoint = try TestEngines.dockerEndpoint()
        guard let socket = endpoint.socketPath else { throw TestFailure("the test Docker engine is not a unix socket") }
        engineSocket = socket
        // Short: a unix socket path must stay under 108 bytes.
        self.folder = folder ?? "/tmp/pf-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: self.folder, withIntermediateDirectories: true)
        db = self.folder + "/posture.db"
        proxySocket = self.folder + "/engine.sock"
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// A proxy on ``proxySocket`` (the same engine id every time) with `rule`.
    func proxy(_ rule: @escaping @Sendable (String) -> FaultProxy.Action = { _ in .forward }) throws -> FaultProxy {
        try FaultProxy(socketPath: proxySocket, target: engineSocket, rule: rule)
    }

    var engineURL: String { "unix://" + proxySocket }

    /// A collect through a plain proxy that must succeed completely.
    @discardableResult
    func cleanCollect() throws -> DatabaseState {
        let proxy = try proxy()
        defer { proxy.stop() }
        let outcome = try PostureCLI.collect(db: db, engine: engineURL)
        guard outcome.status == 0 else {
            throw TestFailure("collect failed (\(outcome.status)): \(outcome.stderr)")
        }
        return try DatabaseState.capture(db)
    }

    func collect(_ extra: [String] = []) throws -> PostureCLI.Outcome {
        try PostureCLI.collect(db: db, engine: engineURL, extra)
    }

    func rows(_ sql: String) throws -> [String] {
        try ReadOnlyDatabase(path: db).query(sql).rows.map { $0.map { $0.text ?? "NULL" }.joined(separator: "|") }
    }

    /// After a fault: integrity, no half snapshot, every earlier snapshot answers as before; then
    /// the next collect works and is complete. Returns the state after that next collect.
    @discardableResult
    func expectRecovered(from before: DatabaseState, newSnapshotsAtMost: Int = 1) throws -> DatabaseState {
        let afterFault = try FaultInvariants.check(db, before: before, newSnapshotsAtMost: newSnapshotsAtMost)
        let proxy = try proxy()
        defer { proxy.stop() }
        let next = try collect()
        #expect(next.status == 0, "the next collect failed: \(next.stderr)")
        let afterNext = try FaultInvariants.check(db, before: afterFault, newSnapshotsAtMost: 1)
        #expect(try rows("SELECT status FROM snapshots ORDER BY id DESC LIMIT 1") == ["complete"])
        return afterNext
    }
}

/// Whether a request path is a container inspect (`/v1.xx/containers/<id>/json`), not the list.
func isContainerInspect(_ path: String) -> Bool {
    let parts = path.split(separator: "?")[0].split(separator: "/")
    return parts.count >= 3 && parts[parts.count - 3] == "containers" && parts.last == "json"
}

/// Whether a request path is an image's history (`/v1.xx/images/<id>/history`).
func isImageHistory(_ path: String) -> Bool {
    path.contains("/images/") && path.hasSuffix("/history")
}
