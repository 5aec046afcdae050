import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL

/// Owns the HTTP client shared by every engine of one collect run and hands out
/// ``EngineClient``s; call ``shutdown()`` when done.
public final class EngineSession: Sendable {
    let http: HTTPClient
    /// For streamed answers (image exports): an engine may prepare an export for minutes before
    /// its first byte, so reads wait ``streamReadTimeout`` instead of the request timeout.
    let streamHTTP: HTTPClient
    let timeout: TimeAmount

    static let streamReadTimeout: TimeAmount = .minutes(10)

    /// - Parameters:
    ///   - timeoutSeconds: limit for each request (connect and answer).
    ///   - concurrency: connections kept per engine (the bound on concurrent inspects).
    public init(timeoutSeconds: Int64 = 10, concurrency: Int = 8, tls: EngineEndpoint.TLSFiles? = nil) throws {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(timeoutSeconds), read: .seconds(timeoutSeconds))
        configuration.connectionPool = .init(
            idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        configuration.decompression = .disabled
        if let tls {
            configuration.tlsConfiguration = try Self.tlsConfiguration(tls)
        }
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        configuration.timeout.read = Self.streamReadTimeout
        streamHTTP = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        timeout = .seconds(timeoutSeconds)
    }

    /// The one client of `endpoint` in this session, so every step of a collect (the engine's
    /// collectors, the image exports) shares what it learns: the negotiated version, and that the
    /// engine is gone.
    public func client(for endpoint: EngineEndpoint) -> EngineClient {
        clients.client(for: endpoint) {
            EngineClient(endpoint: endpoint, http: http, timeout: timeout, streamHTTP: streamHTTP)
        }
    }

    private let clients = ClientCache()

    private final class ClientCache: @unchecked Sendable {
        private var clients: [EngineEndpoint: EngineClient] = [:]
        private let lock = NSLock()

        func client(for endpoint: EngineEndpoint, make: () -> EngineClient) -> EngineClient {
            lock.withLock {
                if let client = clients[endpoint] { return client }
                let client = make()
                clients[endpoint] = client
                return client
            }
        }
    }

    public func shutdown() async {
        try? await http.shutdown()
        try? await streamHTTP.shutdown()
    }

    static func tlsConfiguration(_ files: EngineEndpoint.TLSFiles) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        do {
            if let ca = files.caPath {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(ca))
            }
            if let cert = files.certPath, let key = files.keyPath {
                tls.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            }
        } catch {
            throw CollectError.badEndpoint(
                "TLS files", reason: "cannot load the certificates in DOCKER_CERT_PATH: \(error)")
        }
        if !files.verify { tls.certificateVerification = .none }
        return tls
    }
}
