import Foundation

/// Where an engine listens and how to talk to it: a unix socket, or TCP with optional TLS.
///
/// `id` is the normalised URL (`unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376`): the
/// engine's stable identity (`engine_id`) in every table, known even when the engine is down.
public struct EngineEndpoint: Sendable, Hashable {
    public enum Transport: Sendable, Hashable {
        case unix(path: String)
        case tcp(host: String, port: Int, tls: TLSFiles?)
    }

    /// Client certificate material as the docker CLI reads it from `DOCKER_CERT_PATH`.
    public struct TLSFiles: Sendable, Hashable {
        public let caPath: String?
        public let certPath: String?
        public let keyPath: String?
        /// Verify the engine's certificate against `caPath` (`DOCKER_TLS_VERIFY`).
        public let verify: Bool

        public init(caPath: String?, certPath: String?, keyPath: String?, verify: Bool) {
            self.caPath = caPath
            self.certPath = certPath
            self.keyPath = keyPath
            self.verify = verify
        }
    }

    public let transport: Transport
    /// How the endpoint was found (`--engine`, `DOCKER_HOST`, `default socket`).
    public let source: String

    public var id: String {
        switch transport {
        case .unix(let path): return "unix://" + path
        case .tcp(let host, let port, _): return "tcp://\(host):\(port)"
        }
    }

    /// The socket path on this host, `nil` for TCP endpoints.
    public var socketPath: String? {
        if case .unix(let path) = transport { return path }
        return nil
    }

    public init(transport: Transport, source: String) {
        self.transport = transport
        self.source = source
    }

    /// Parses `unix:///path`, `/path`, `tcp://host:port` (and `http://`, `https://`), reading TLS
    /// settings for TCP from `DOCKER_TLS_VERIFY`, `DOCKER_TLS` and `DOCKER_CERT_PATH` in
    /// `environment` as the docker CLI does.
    public static func parse(
        _ text: String, source: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> EngineEndpoint {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("/") {
            return EngineEndpoint(transport: .unix(path: trimmed), source: source)
        }
        guard let schemeEnd = trimmed.range(of: "://") else {
            throw CollectError.badEndpoint(text, reason: "expected unix:///path/to.sock or tcp://host:port")
        }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        let rest = String(trimmed[schemeEnd.upperBound...])
        switch scheme {
        case "unix":
            guard rest.hasPrefix("/") else {
                throw CollectError.badEndpoint(text, reason: "a unix socket needs an absolute path (unix:///run/docker.sock)")
            }
            return EngineEndpoint(transport: .unix(path: rest), source: source)
        case "tcp", "http", "https":
            let hostPort = rest.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
            var host = hostPort
            var port: Int?
            if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
                host = String(hostPort[..<colon])
                port = Int(hostPort[hostPort.index(after: colon)...])
                if port == nil {
                    throw CollectError.badEndpoint(text, reason: "the port is not a number")
                }
            }
            host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            guard !host.isEmpty else { throw CollectError.badEndpoint(text, reason: "no host name") }
            let verify = !(environment["DOCKER_TLS_VERIFY"] ?? "").isEmpty
            let useTLS = verify || scheme == "https" || !(environment["DOCKER_TLS"] ?? "").isEmpty
            var tls: TLSFiles?
            if useTLS {
                let certDir = environment["DOCKER_CERT_PATH"].flatMap { $0.isEmpty ? nil : $0 }
                    ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.docker")
                func file(_ name: String) -> String? {
                    let path = certDir + "/" + name
                    return FileManager.default.fileExists(atPath: path) ? path : nil
                }
                tls = TLSFiles(caPath: file("ca.pem"), certPath: file("cert.pem"), keyPath: file("key.pem"), verify: verify)
            }
            return EngineEndpoint(
                transport: .tcp(host: host, port: port ?? (useTLS ? 2376 : 2375), tls: tls), source: source)
        default:
            throw CollectError.badEndpoint(text, reason: "unsupported scheme \(scheme) (use unix:// or tcp://)")
        }
    }
}
