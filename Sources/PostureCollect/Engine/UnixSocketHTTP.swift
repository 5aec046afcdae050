import Foundation

/// Plain HTTP/1.1 `GET`s over one engine's unix socket, on blocking sockets kept alive between
/// requests: the engine's JSON answers (`/info`, lists, one inspect per container).
///
/// Each request runs on a thread of its own (never on Swift's cooperative pool, which a
/// blocking read would starve) and reuses an idle connection when there is one. The caller
/// bounds how many are in flight (``EngineCollector``: 8 inspects at a time, plus the lists). An answer is
/// read by its `Content-Length`, by chunks (`Transfer-Encoding: chunked`) or, for a
/// `Connection: close` answer with neither, to the end of the stream. Every read and write
/// waits at most `timeout` seconds (`SO_RCVTIMEO`, `SO_SNDTIMEO`).
///
/// Reads the socket; writes nothing but the requests.
final class UnixSocketHTTP: @unchecked Sendable {
    let socketPath: String
    let timeoutSeconds: Int
    let maxBody: Int
    private var idle: [Connection] = []
    private let lock = NSLock()

    init(socketPath: String, timeoutSeconds: Int, maxBody: Int) {
        self.socketPath = socketPath
        self.timeoutSeconds = timeoutSeconds
        self.maxBody = maxBody
    }

    deinit {
        for connection in idle { connection.disconnect() }
    }

    /// A response: status code, the whole body, and the engine's `API-Version` header (which
    /// `/_ping` carries).
    struct Response {
        let status: Int
        let body: [UInt8]
        var apiVersion: String? = nil
    }

    /// `GET target` (the path and query) with the given `Host`.
    func get(_ target: String, host: String = "docker") async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            // A serial queue per request: GCD runs each on a thread of its overcommit pool, so
            // every request in flight has one. On one shared concurrent queue, Linux's GCD ran no
            // more requests at once than there are cores, blocked in `read` or not: two on a
            // two-core host, where the engine answers eight at once much sooner.
            DispatchQueue(label: "posture.unix-http.request").async {
                continuation.resume(with: Result { try self.getBlocking(target, host: host) })
            }
        }
    }

    /// The blocking request: on a kept connection first; when that one turns out closed by the
    /// engine while idle (``UnixSocketHTTPError/mayBeStale``), once more on a new connection.
    func getBlocking(_ target: String, host: String) throws -> Response {
        // A path from an engine's answer (an ID) must not be able to add lines to the request.
        guard target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw UnixSocketHTTPError.malformed("request path with spaces or control characters: \(target.debugDescription)")
        }
        let request = Array("GET \(target) HTTP/1.1\r\nHost: \(host)\r\nAccept: application/json\r\n\r\n".utf8)
        if let kept = lock.withLock({ idle.popLast() }) {
            do {
                return try exchange(request, on: kept)
            } catch let error as UnixSocketHTTPError where error.mayBeStale {
                kept.disconnect()  // the engine dropped it while idle: a GET is simply asked again
            } catch {
                kept.disconnect()
                throw error
            }
        }
        let fresh = try Connection(path: socketPath, timeoutSeconds: timeoutSeconds)
        do {
            return try exchange(request, on: fresh)
        } catch {
            fresh.disconnect()
            throw error
        }
    }

    private func exchange(_ request: [UInt8], on connection: Connection) throws -> Response {
        try connection.write(request)
        let (response, keepAlive) = try connection.readResponse(maxBody: maxBody)
        if keepAlive {
            lock.withLock { idle.append(connection) }
        } else {
            connection.disconnect()
        }
        return response
    }
}
