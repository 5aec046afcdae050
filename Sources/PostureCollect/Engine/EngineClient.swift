import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL

/// A read-only client for one engine's Docker-compatible API (Docker, or Podman's compat API).
///
/// Sends `GET` requests only, over the endpoint's unix socket (``UnixSocketHTTP``) or TCP (TLS
/// when configured; AsyncHTTPClient, which also streams image exports on either), with a
/// `Host: docker` header (Docker rejects requests without one) and a per-request timeout.
/// After ``negotiate()`` every path is prefixed with the API version the engine reports (never
/// a hard-coded one): the `API-Version` header of `/_ping`, or `/version`'s `ApiVersion`.
///
/// Once a request finds the engine gone (its socket removed, nothing listening, a connection
/// cut in the middle of an answer), every later request of this client fails at once with that
/// reason: an engine that stops during a collect would otherwise cost every remaining inspect
/// its own failure, up to a timeout each (212 containers took 260 s). Requests in flight fail
/// with their own cut connections (on a unix socket) or are cancelled (AsyncHTTPClient). A
/// timeout alone does not count: one container whose inspect hangs must not cost the others.
public final class EngineClient: Sendable {
    public let endpoint: EngineEndpoint
    /// The session's AsyncHTTPClients, made when first used (``EngineSession/HTTPClients``).
    let clients: EngineSession.HTTPClients
    let timeout: TimeAmount
    /// The client of JSON requests over TCP.
    var http: HTTPClient { clients.json }
    /// The client of ``stream(_:deadline:consume:)`` (a longer read timeout).
    var streamHTTP: HTTPClient { clients.stream }
    private let versionPrefix: LockedValue<String>
    /// Whether the engine was found gone, and the requests to cancel when it is.
    let gone = EngineGoneLatch()
    /// The client of the JSON requests on a unix socket (``UnixSocketHTTP``); `nil` for TCP.
    let unix: UnixSocketHTTP?

    /// Largest response accepted (an engine with thousands of containers lists a lot).
    static let maxBody = 512 * 1024 * 1024

    init(endpoint: EngineEndpoint, clients: EngineSession.HTTPClients, timeout: TimeAmount) {
        self.endpoint = endpoint
        self.clients = clients
        self.timeout = timeout
        self.versionPrefix = LockedValue("")
        if case .unix(let socket) = endpoint.transport {
            unix = UnixSocketHTTP(
                socketPath: socket, timeoutSeconds: max(1, Int(timeout.nanoseconds / 1_000_000_000)), maxBody: Self.maxBody)
        } else {
            unix = nil
        }
    }

    /// Reads `/version` unversioned and uses its `ApiVersion` for every later request.
    public func negotiate() async throws {
        _ = try await negotiateVersion()
    }

    /// Asks `/_ping` and uses its `API-Version` header for every later request; `false` (and
    /// nothing set) when the engine answers without one, or with an HTTP error, so the caller
    /// negotiates from `/version` instead. The engine answers `/_ping` at once, where `/version`
    /// first gathers the versions of its components (about 10 ms on Docker): the requests that
    /// need the version go out that much sooner. Throws when the engine can not be reached.
    func negotiateFromPing() async throws -> Bool {
        try checkSocket()
        let header: String?
        do {
            header = try await answer("/_ping", versioned: false).apiVersion
        } catch CollectError.http, CollectError.notFound {
            return false
        }
        guard let header, Self.isAPIVersion(header) else { return false }
        versionPrefix.set("/v" + header)
        return true
    }

    /// Whether `text` reads as an API version (`1.41`): digits and dots only, so it can not
    /// change a request path into another one.
    static func isAPIVersion(_ text: String) -> Bool {
        !text.isEmpty && text.first != "." && text.utf8.allSatisfy { $0 == UInt8(ascii: ".") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// ``negotiate()``, returning the parsed `/version` document.
    func negotiateVersion() async throws -> EngineValue {
        try checkSocket()
        let version = try await getObject("/version", versioned: false)
        if let api = version["ApiVersion"].nonEmptyString {
            versionPrefix.set("/v" + api)
        }
        return version
    }

    /// Fails fast, with the reason, when a unix socket is missing, not a socket, or not
    /// writable by this user (the HTTP client would otherwise retry until its timeout).
    func checkSocket() throws {
        guard let path = endpoint.socketPath else { return }
        var info = stat()
        if stat(path, &info) != 0 {
            throw CollectError.unreachable(endpoint: endpoint.id, reason: String(cString: strerror(errno)))
        }
        if (info.st_mode & S_IFMT) != S_IFSOCK {
            throw CollectError.unreachable(endpoint: endpoint.id, reason: "\(path) is not a socket")
        }
        if access(path, R_OK | W_OK) != 0 {
            throw CollectError.unreachable(endpoint: endpoint.id, reason: String(cString: strerror(errno)))
        }
    }

    /// `GET path` decoded as a JSON object.
    func getObject(_ path: String, versioned: Bool = true) async throws -> EngineValue {
        try Self.object(from: try await get(path, versioned: versioned), endpoint: endpoint.id, path: path)
    }

    /// `GET path` decoded as a JSON array of objects.
    func getArray(_ path: String) async throws -> [EngineValue] {
        try Self.array(from: try await get(path, versioned: true), endpoint: endpoint.id, path: path)
    }

    /// An answer's body decoded as a JSON object; anything else is ``CollectError/badResponse``.
    /// (Static and free of I/O so the fuzzer in Fuzz/ drives exactly this code.)
    static func object(from data: Data, endpoint: String, path: String) throws -> EngineValue {
        let value = try decode(data, endpoint: endpoint, path: path)
        guard value.isObject else {
            throw CollectError.badResponse(endpoint: endpoint, path: path, reason: "expected a JSON object")
        }
        return value
    }

    /// An answer's body decoded as a JSON array of objects (`null` reads as empty).
    static func array(from data: Data, endpoint: String, path: String) throws -> [EngineValue] {
        let value = try decode(data, endpoint: endpoint, path: path)
        if value.isNull { return [] }
        let elements = value.array
        guard value.isArray, elements.allSatisfy(\.isObject) else {
            throw CollectError.badResponse(endpoint: endpoint, path: path, reason: "expected a JSON array")
        }
        return elements
    }

    private static func decode(_ data: Data, endpoint: String, path: String) throws -> EngineValue {
        do {
            return try EngineValue.parse(data)
        } catch {
            throw CollectError.badResponse(endpoint: endpoint, path: path, reason: "not JSON (\(data.count) bytes)")
        }
    }

    /// `GET path`, returning the body of a 2xx answer; 404 becomes ``CollectError/notFound``.
    /// On a unix socket it goes through ``UnixSocketHTTP``, over TCP through AsyncHTTPClient.
    public func get(_ path: String, versioned: Bool = true) async throws -> Data {
        try await answer(path, versioned: versioned).body
    }

    /// ``get(_:versioned:)``, with the answer's `API-Version` header (which `/_ping` carries).
    private func answer(_ path: String, versioned: Bool) async throws -> (body: Data, apiVersion: String?) {
        if let unix { return try await answer(path, versioned: versioned, on: unix) }
        let url = try self.url(for: path, versioned: versioned)
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.replaceOrAdd(name: "Host", value: "docker")
        request.headers.add(name: "Accept", value: "application/json")
        try checkNotGone()
        let response: HTTPClientResponse
        do {
            let (http, timeout, sent) = (self.http, self.timeout, request)
            response = try await gone.run { try await http.execute(sent, timeout: timeout) }
        } catch {
            throw transportFailure(error)
        }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: Self.maxBody)
        } catch {
            throw transportFailure(error, reading: path)
        }
        let status = Int(response.status.code)
        if !(200..<300).contains(status) {
            try Self.check(
                status: status, body: body.getBytes(at: body.readerIndex, length: min(body.readableBytes, 300)) ?? [],
                endpoint: endpoint.id, path: path)
        }
        return (Data(buffer: body), response.headers.first(name: "API-Version"))
    }

    /// ``answer(_:versioned:)`` over the unix socket.
    private func answer(_ path: String, versioned: Bool, on unix: UnixSocketHTTP) async throws
        -> (body: Data, apiVersion: String?)
    {
        try checkNotGone()
        let response: UnixSocketHTTP.Response
        do {
            response = try await unix.get((versioned ? versionPrefix.get() : "") + path)
        } catch {
            throw transportFailure(error, reading: (error as? UnixSocketHTTPError)?.isInAnswer == true ? path : nil)
        }
        try Self.check(status: response.status, body: response.body, endpoint: endpoint.id, path: path)
        return (Data(response.body), response.apiVersion)
    }

    /// Throws for an answer that is not 2xx: ``CollectError/notFound`` for 404, else
    /// ``CollectError/http`` with the engine's message (its JSON `message`, or the first 300
    /// bytes).
    static func check(status: Int, body: [UInt8], endpoint: String, path: String) throws {
        if status == 404 { throw CollectError.notFound(endpoint: endpoint, path: path) }
        guard (200..<300).contains(status) else {
            var message = String(decoding: body.prefix(300), as: UTF8.self)
            if let text = (try? EngineValue.parse(Array(message.utf8)))?["message"].string { message = text }
            throw CollectError.http(endpoint: endpoint, path: path, status: status, message: message)
        }
    }

    /// The request URL of `path` on this endpoint, with the negotiated version prefix.
    func url(for path: String, versioned: Bool) throws -> String {
        let fullPath = (versioned ? versionPrefix.get() : "") + path
        switch endpoint.transport {
        case .unix(let socket):
            guard let u = URL(httpURLWithSocketPath: socket, uri: fullPath) else {
                throw CollectError.badEndpoint(endpoint.id, reason: "the socket path can not form a URL")
            }
            return u.absoluteString
        case .tcp(let host, let port, let tls):
            let h = host.contains(":") ? "[\(host)]" : host
            return "\(tls == nil ? "http" : "https")://\(h):\(port)\(fullPath)"
        }
    }

    /// Fails at once when an earlier request found the engine gone.
    func checkNotGone() throws {
        if let reason = gone.goneReason {
            throw CollectError.unreachable(endpoint: endpoint.id, reason: "not asked: \(reason) earlier in this collect")
        }
    }

    /// The error for a request that failed below HTTP; marks the engine gone when the failure
    /// says so (``meansEngineGone(_:)``), which cancels the other requests in flight.
    func transportFailure(_ error: any Error, reading path: String? = nil) -> CollectError {
        let reason = Self.describe(error)
        if Self.meansEngineGone(error) {
            gone.markGone(reason)
        } else if let earlier = gone.goneReason {
            return .unreachable(endpoint: endpoint.id, reason: "not finished: \(earlier) earlier in this collect")
        }
        return .unreachable(endpoint: endpoint.id, reason: path.map { "reading \($0): \(reason)" } ?? reason)
    }

    /// System errors that mean the engine is gone (socket file missing, nothing listening, the
    /// connection reset, closed or never made), for either HTTP client.
    static let goneErrnos: Set<Int32> = [ENOENT, ECONNREFUSED, ECONNRESET, EPIPE, ENOTCONN]

    /// Whether a transport error means the engine itself is gone (socket file missing, nothing
    /// listening, the connection reset or closed under a request or in the middle of an answer) rather than one
    /// slow or odd answer (a timeout, a malformed response).
    static func meansEngineGone(_ error: any Error) -> Bool {
        if let unix = error as? UnixSocketHTTPError { return unix.meansEngineGone }
        if let io = error as? IOError { return goneErrnos.contains(io.errnoCode) }
        if let client = error as? HTTPClientError { return client == .remoteConnectionClosed }
        if let channel = error as? ChannelError { return channel == .ioOnClosedChannel || channel == .eof }
        if let parser = error as? HTTPParserError { return parser == .invalidEOFState }
        return false
    }

    /// A short human description of a transport error (connection refused, permission denied…).
    static func describe(_ error: Error) -> String {
        if let unix = error as? UnixSocketHTTPError { return unix.description }
        let text = String(describing: error)
        if let ioError = error as? IOError { return String(cString: strerror(ioError.errnoCode)) }
        if text.contains("connectTimeout") || text.contains("deadlineExceeded") { return "timed out" }
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        return text
    }
}

/// A value behind a lock, for the few mutable fields of otherwise immutable Sendable types.
final class LockedValue<T: Sendable>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()
    init(_ value: T) { self.value = value }
    func get() -> T { lock.withLock { value } }
    func set(_ newValue: T) { lock.withLock { value = newValue } }
}
