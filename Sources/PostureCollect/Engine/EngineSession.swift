import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL

/// Owns the HTTP clients shared by every engine of one collect run and hands out
/// ``EngineClient``s; call ``shutdown()`` when done.
///
/// The AsyncHTTPClients (TCP engines, and image exports on any engine) are made when first
/// used: a collect of unix-socket engines with no new image to export needs neither, and making
/// one starts an event loop thread and a TLS context (a few milliseconds of every collect).
public final class EngineSession: Sendable {
    let clients: HTTPClients
    let timeout: TimeAmount

    static let streamReadTimeout: TimeAmount = .minutes(10)

    /// - Parameters:
    ///   - timeoutSeconds: limit for each request (connect and answer).
    ///   - concurrency: connections kept per engine (the bound on concurrent inspects).
    ///   - tls: the TLS files of `tcp://` engines, loaded here so bad files fail at once.
    public init(timeoutSeconds: Int64 = 10, concurrency: Int = 8, tls: EngineEndpoint.TLSFiles? = nil) throws {
        let tlsConfiguration = try tls.map(Self.tlsConfiguration)
        clients = HTTPClients {
            var configuration = HTTPClient.Configuration()
            configuration.timeout = .init(connect: .seconds(timeoutSeconds), read: .seconds(timeoutSeconds))
            configuration.connectionPool = .init(
                idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
            configuration.decompression = .disabled
            if let tlsConfiguration { configuration.tlsConfiguration = tlsConfiguration }
            return configuration
        }
        timeout = .seconds(timeoutSeconds)
    }

    /// The session's two AsyncHTTPClients, each made on first use: one for JSON answers, one
    /// for streamed answers (image exports), whose reads wait ``streamReadTimeout`` since an
    /// engine may prepare an export for minutes before its first byte.
    final class HTTPClients: @unchecked Sendable {
        private let configuration: @Sendable () -> HTTPClient.Configuration
        private var made: (json: HTTPClient?, stream: HTTPClient?) = (nil, nil)
        private let lock = NSLock()

        init(configuration: @escaping @Sendable () -> HTTPClient.Configuration) {
            self.configuration = configuration
        }

        var json: HTTPClient {
            lock.withLock {
                if let client = made.json { return client }
                let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration())
                made.json = client
                return client
            }
        }

        var stream: HTTPClient {
            lock.withLock {
                if let client = made.stream { return client }
                var streaming = configuration()
                streaming.timeout.read = EngineSession.streamReadTimeout
                let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: streaming)
                made.stream = client
                return client
            }
        }

        /// Shuts down the clients that were made.
        func shutdown() async {
            let made = lock.withLock { self.made }
            try? await made.json?.shutdown()
            try? await made.stream?.shutdown()
        }
    }

    /// The one client of `endpoint` in this session, so every step of a collect (the engine's
    /// collectors, the image exports) shares what it learns: the negotiated version, and that the
    /// engine is gone.
    public func client(for endpoint: EngineEndpoint) -> EngineClient {
        engines.client(for: endpoint) {
            EngineClient(endpoint: endpoint, clients: clients, timeout: timeout)
        }
    }

    private let engines = ClientCache()

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
        await clients.shutdown()
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
