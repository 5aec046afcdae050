import Foundation
import Testing
@testable import PostureCollect

@Suite("engine endpoints and discovery")
struct EngineEndpointTests {
    @Test("unix sockets, bare paths and tcp with the docker CLI's TLS variables")
    func parse() throws {
        #expect(try EngineEndpoint.parse("unix:///run/user/1000/docker.sock", source: "t").id == "unix:///run/user/1000/docker.sock")
        #expect(try EngineEndpoint.parse("/var/run/docker.sock", source: "t").socketPath == "/var/run/docker.sock")
        let plain = try EngineEndpoint.parse("tcp://10.0.0.5:2375", source: "t", environment: [:])
        #expect(plain.transport == .tcp(host: "10.0.0.5", port: 2375, tls: nil))
        let certs = NSTemporaryDirectory() + "posture-certs-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: certs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: certs) }
        for name in ["ca.pem", "cert.pem", "key.pem"] { FileManager.default.createFile(atPath: certs + "/" + name, contents: Data()) }
        let tls = try EngineEndpoint.parse(
            "tcp://docker.example:2376", source: "t", environment: ["DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": certs])
        #expect(
            tls.transport
                == .tcp(host: "docker.example", port: 2376, tls: .init(caPath: certs + "/ca.pem", certPath: certs + "/cert.pem", keyPath: certs + "/key.pem", verify: true)))
        #expect(try EngineEndpoint.parse("tcp://[::1]:2376", source: "t", environment: [:]).id == "tcp://::1:2376")
    }

    @Test("bad addresses are refused with the reason", arguments: ["ssh://host", "unix://relative.sock", "tcp://:2375", "tcp://host:port", "docker.sock"])
    func refused(text: String) {
        #expect(throws: CollectError.self) { try EngineEndpoint.parse(text, source: "t", environment: [:]) }
    }

    @Test("discovery reads DOCKER_HOST and finds sockets below the host root, once each")
    func discovery() throws {
        let root = NSTemporaryDirectory() + "posture-root-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/run/user/1000/podman", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/var", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/var/run", withDestinationPath: root + "/run")
        for path in ["/run/docker.sock", "/run/user/1000/podman/podman.sock"] { try makeSocket(root + path) }
        let (found, looked) = try EngineDiscovery.discover(hostRoot: root, environment: ["DOCKER_HOST": "tcp://10.1.2.3:2375"])
        #expect(found.map(\.id) == ["tcp://10.1.2.3:2375", "unix://\(root)/var/run/docker.sock", "unix://\(root)/run/user/1000/podman/podman.sock"])
        #expect(looked.contains("$DOCKER_HOST"))
    }

    @Test("a missing socket fails at once with the reason, not after the timeout")
    func missingSocketFailsFast() async throws {
        let session = try EngineSession(timeoutSeconds: 30)
        let client = session.client(for: try EngineEndpoint.parse("unix:///nonexistent/docker.sock", source: "t"))
        let start = ContinuousClock.now
        await #expect(throws: CollectError.self) { try await client.negotiate() }
        #expect(ContinuousClock.now - start < .seconds(2))
        await session.shutdown()
    }

    func makeSocket(_ path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = try #require(sockaddr_un(socketPath: path))
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        close(fd)
        if rc != 0 { throw CollectError.badEndpoint(path, reason: "bind failed: \(String(cString: strerror(errno)))") }
    }
}

@Suite("secrets")
struct SecretTests {
    @Test("keyed hashes: stable per key, different across keys, never the value")
    func hashes() {
        let a = SecretHasher(key: Data(repeating: 1, count: 32))
        let b = SecretHasher(key: Data(repeating: 2, count: 32))
        #expect(a.hash("hunter2") == a.hash("hunter2"))
        #expect(a.hash("hunter2") != b.hash("hunter2"))
        #expect(a.hash("hunter2").hasPrefix("hmac-sha256:"))
        #expect(!a.hash("hunter2").contains("hunter2"))
        #expect(a.scrubEnv(["A=1", "B=x=y", "C"]).allSatisfy { !$0.contains("=1") && !$0.contains("x=y") })
    }

    @Test("credential-looking names", arguments: ["DB_PASSWORD", "API_KEY", "GITHUB_TOKEN", "aws_secret_access_key", "com.example.api-token", "MYSQL_ROOT_PASSWD"])
    func secretNames(name: String) { #expect(SecretHasher.looksSecret(name)) }

    @Test("ordinary names", arguments: ["PATH", "HOME", "LANG", "com.example.team", "HOSTNAME", "TZ"])
    func plainNames(name: String) { #expect(!SecretHasher.looksSecret(name)) }

    @Test("the key file is created 0600 and reused")
    func keyFile() throws {
        let path = NSTemporaryDirectory() + "posture-key-\(UUID().uuidString)/posture.db.key"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let first = try SecretKey.loadOrCreate(path: path)
        #expect(first.count == 32)
        #expect(try SecretKey.loadOrCreate(path: path) == first)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
