import Foundation
import Testing

@testable import PostureCollect

/// ``UnixSocketHTTP`` against a scripted server on a real unix socket: answers read by length,
/// by chunks and to the end of the stream, connections kept and reused, an idle connection the
/// server dropped, and the failures a collect has to tell apart.
@Suite("unix-socket HTTP client")
struct UnixSocketHTTPTests {
    @Test("Content-Length answers, two requests on one kept connection")
    func keptConnection() async throws {
        let server = try ScriptedServer { _, _ in .answer(ScriptedServer.ok("{\"a\":1}")) }
        defer { server.stop() }
        let client = UnixSocketHTTP(socketPath: server.path, timeoutSeconds: 5, maxBody: 1 << 20)
        let first = try await client.get("/v1.41/info")
        let second = try await client.get("/v1.41/containers/json?all=1")
        #expect(first.status == 200)
        #expect(String(decoding: first.body, as: UTF8.self) == "{\"a\":1}")
        #expect(String(decoding: second.body, as: UTF8.self) == "{\"a\":1}")
        #expect(server.connections == 1)
        #expect(server.requests.map(\.target) == ["/v1.41/info", "/v1.41/containers/json?all=1"])
        #expect(server.requests.allSatisfy { $0.head.contains("\r\nHost: docker\r\n") })
    }

    @Test("chunked answers: chunk extensions, pieces split across reads, trailers")
    func chunked() async throws {
        let body = String(repeating: "x", count: 70_000) + "end"
        let server = try ScriptedServer { _, _ in
            var text = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            text += "5;name=value\r\n" + body.prefix(5) + "\r\n"
            let rest = body.dropFirst(5)
            text += String(rest.count, radix: 16) + "\r\n" + rest + "\r\n"
            text += "0\r\nX-Trailer: 1\r\n\r\n"
            return .answer(Array(text.utf8))
        }
        defer { server.stop() }
        let client = UnixSocketHTTP(socketPath: server.path, timeoutSeconds: 5, maxBody: 1 << 20)
        for _ in 0..<2 {
            let answer = try await client.get("/x")
            #expect(String(decoding: answer.body, as: UTF8.self) == body)
        }
        #expect(server.connections == 1)
    }

    @Test("header names and values in any case; Connection: close is honoured")
    func headerCase() async throws {
        let server = try ScriptedServer { number, _ in
            number == 1
                ? .answer(Array("HTTP/1.1 200 OK\r\ntransfer-encoding:  Chunked \r\n\r\n3\r\nabc\r\n0\r\n\r\n".utf8))
                : .answer(Array("HTTP/1.1 200 OK\r\nCONTENT-LENGTH: 2\r\nConnection: Close\r\n\r\nok".utf8))
        }
        defer { server.stop() }
        let client = UnixSocketHTTP(socketPath: server.path, timeoutSeconds: 5, maxBody: 1 << 20)
        #expect(String(decoding: try await client.get("/a").body, as: UTF8.self) == "abc")
        #expect(String(decoding: try await client.get("/b").body, as: UTF8.self) == "ok")
        #expect(String(decoding: try await client.get("/c").body, as: UTF8.self) == "ok")
        // one connection for the first two answers; the second said close, so a third one
        #expect(server.connections == 2)
    }

    @Test("an answer without a length is read to the end of the stream, and its connection is not reused")
    func closeDelimited() async throws {
        let server = try ScriptedServer { _, _ in .answerAndClose(Array("HTTP/1.0 200 OK\r\n\r\n[1,2,3]".utf8)) }
        defer { server.stop() }
        let client = UnixSocketHTTP(socketPath: server.path, timeoutSeconds: 5, maxBody: 1 << 20)
        #expect(String(decoding: try await client.get("/a").body, as: UTF8.self) == "[1,2,3]")
        #expect(String(decoding: try await client.get("/b").body, as: UTF8.self) == "[1,2,3]")
        #expect(server.connections == 2)
    }

    @Test("a kept connection the server dropped while idle is replaced without an error")
    func idleDropped() async throws {
        // Keep-alive promised, then the server closes after each answer (as an engine's idle
        // timeout does): the next request finds the connection closed before any answer.
        let server = try ScriptedServer { _, _ in .answerAndClose(ScriptedServer.ok("{}")) }
        defer { server.stop() }
        let client = UnixSocketHTTP(socketPath: server.path, timeoutSeconds: 5, maxBody: 1 << 20)
        _ = try await client.get("/one")
        try await Task.sleep(for: .milliseconds(50))  // let the close arrive
        let again = try await client.get("/two")
        #expect(again.status == 200)
        #expect(server.connections == 2)
    }

    // No bound on how long the others take: in the full suite, tests that block Swift's
    // cooperative threads (waiting for a subprocess) can hold every caller's resumption back
    // for tens of seconds, whatever the client does (one CI run: 40 s).
    @Test(
        "forty requests at once on the client's one thread, one of them silent: each caller gets its own answer, the silent one times out",
        .timeLimit(.minutes(2)))
    func concurrent() async throws {
        let server = try ScriptedServer { _, target in
            if target == "/silent" { return .silence }
            // Some answers large enough to come in many reads, interleaved with the others.
            let pad = String(repeating: "p", count: target.hasSuffix("7") ? 300_000 : 10)
            return .answer(ScriptedServer.ok("{\"target\":\"\(target)\",\"pad\":\"\(pad)\"}"))
        }
        defer { server.stop() }
        let client = UnixSocketHTTP(socketPath: server.path, timeoutSeconds: 2, maxBody: 1 << 20)
        let started = ContinuousClock.now
        let results = await withTaskGroup(of: (String, Result<String, any Error>, ContinuousClock.Instant).self) { group in
            for target in ["/silent"] + (0..<40).map({ "/item/\($0)" }) {
                group.addTask {
                    do {
                        let body = String(decoding: try await client.get(target).body, as: UTF8.self)
                        return (target, .success(body), .now)
                    } catch {
                        return (target, .failure(error), .now)
                    }
                }
            }
            var all: [String: (Result<String, any Error>, ContinuousClock.Instant)] = [:]
            for await (target, result, at) in group { all[target] = (result, at) }
            return all
        }
        #expect(results.count == 41)
        let silentFailed = try #require(results["/silent"]?.1)
        for (target, (result, _)) in results {
            switch result {
            case .success(let body):
                #expect(target != "/silent")
                #expect(body.hasPrefix("{\"target\":\"\(target)\","), "\(target): \(body.prefix(40))")
                #expect(body.count == (target.hasSuffix("7") ? 300_000 : 10) + target.count + 22, "\(target)")
            case .failure(let error):
                #expect(target == "/silent", "\(target): \(error)")
                if case .timedOut = error as? UnixSocketHTTPError {} else { Issue.record("\(target): \(error)") }
            }
        }
        #expect(silentFailed - started >= .seconds(2), "the silent request waited its timeout")
    }

    @Test("more requests at once than connections allowed: the others wait their turn on the same connections")
    func connectionCap() async throws {
        let server = try ScriptedServer { _, target in .answer(ScriptedServer.ok("\"\(target)\"")) }
        defer { server.stop() }
        let client = UnixSocketHTTP(socketPath: server.path, timeoutSeconds: 5, maxBody: 1 << 20)
        let count = UnixSocketHTTP.maxConnections * 3
        let bodies = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<count {
                group.addTask { (try? await client.get("/n/\(i)")).map { String(decoding: $0.body, as: UTF8.self) == "\"/n/\(i)\"" } ?? false }
            }
            var ok = 0
            for await answered in group where answered { ok += 1 }
            return ok
        }
        #expect(bodies == count)
        #expect(server.connections <= UnixSocketHTTP.maxConnections)
    }

    @Test("status codes and bodies of errors come back as answers")
    func errorStatus() async throws {
        let server = try ScriptedServer { _, target in
            let body = "{\"message\":\"no such: \(target.suffix(6))\"}"
            return .answer(Array("HTTP/1.1 404 Not Found\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8))
        }
        defer { server.stop() }
        let client = UnixSocketHTTP(socketPath: server.path, timeoutSeconds: 5, maxBody: 1 << 20)
        let answer = try await client.get("/abcdef")
        #expect(answer.status == 404)
        #expect(String(decoding: answer.body, as: UTF8.self) == "{\"message\":\"no such: abcdef\"}")
        do {
            try EngineClient.check(status: 500, body: answer.body, endpoint: "e", path: "/abcdef")
            Issue.record("a 500 answer passed")
        } catch let CollectError.http(_, _, status, message) {
            #expect(status == 500)
            #expect(message == "no such: abcdef")
        }
        #expect(throws: CollectError.self) {
            try EngineClient.check(status: 404, body: answer.body, endpoint: "e", path: "/abcdef")
        }
    }

    @Test("failures: closed in the middle of an answer, malformed, too large, nothing listening, no answer in time")
    func failures() async throws {
        let midAnswer = try ScriptedServer { _, _ in
            .answerAndClose(Array("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"cut\":".utf8))
        }
        defer { midAnswer.stop() }
        await expectFailure(socket: midAnswer.path, gone: true) {
            if case .closedInAnswer = $0 { return true } else { return false }
        }

        let garbage = try ScriptedServer { _, _ in .answer(Array("SSH-2.0-OpenSSH\r\n\r\n".utf8)) }
        defer { garbage.stop() }
        await expectFailure(socket: garbage.path, gone: false) {
            if case .malformed = $0 { return true } else { return false }
        }

        let large = try ScriptedServer { _, _ in .answer(ScriptedServer.ok(String(repeating: "y", count: 2_000))) }
        defer { large.stop() }
        await expectFailure(socket: large.path, maxBody: 1_000, gone: false) {
            if case .tooLarge(limit: 1_000) = $0 { return true } else { return false }
        }

        await expectFailure(socket: garbage.path, target: "/containers/x\r\nX-Injected: 1/json", gone: false) {
            if case .malformed = $0 { return true } else { return false }
        }

        let missing = NSTemporaryDirectory() + "posture-missing-\(UUID().uuidString.prefix(8)).sock"
        await expectFailure(socket: missing, gone: true) {
            if case .system(_, ENOENT) = $0 { return $0.description == "connect: No such file or directory" } else { return false }
        }

        let silent = try ScriptedServer { _, _ in .silence }
        defer { silent.stop() }
        let started = ContinuousClock.now
        await expectFailure(socket: silent.path, timeout: 1, gone: false) {
            if case .timedOut = $0 { return true } else { return false }
        }
        #expect(ContinuousClock.now - started < .seconds(4))
    }

    private func expectFailure(
        socket: String, target: String = "/x", timeout: Int = 5, maxBody: Int = 1 << 20, gone: Bool,
        sourceLocation: SourceLocation = #_sourceLocation, _ matches: (UnixSocketHTTPError) -> Bool
    ) async {
        let client = UnixSocketHTTP(socketPath: socket, timeoutSeconds: timeout, maxBody: maxBody)
        do {
            let answer = try await client.get(target)
            Issue.record("expected a failure, got status \(answer.status)", sourceLocation: sourceLocation)
        } catch let error as UnixSocketHTTPError {
            #expect(matches(error), "\(error)", sourceLocation: sourceLocation)
            #expect(error.meansEngineGone == gone, "\(error)", sourceLocation: sourceLocation)
            #expect(EngineClient.meansEngineGone(error) == gone, sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }
}

/// A unix-socket server on its own thread that reads each request head and answers as its
/// script says. Counts connections and records requests.
final class ScriptedServer: @unchecked Sendable {
    enum Reply {
        case answer([UInt8])
        case answerAndClose([UInt8])
        case silence
    }

    struct Request {
        let head: String
        var target: String { head.split(separator: " ").dropFirst().first.map(String.init) ?? "" }
    }

    let path: String
    private let listener: Int32
    private let script: @Sendable (Int, String) -> Reply
    private let lock = NSLock()
    private var connectionCount = 0
    private var seen: [Request] = []
    private var open: [Int32] = []
    private var stopped = false

    var connections: Int { lock.withLock { connectionCount } }
    var requests: [Request] { lock.withLock { seen } }

    static func ok(_ body: String) -> [UInt8] {
        Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
    }

    /// `script` gets the request's number and target.
    init(script: @escaping @Sendable (Int, String) -> Reply) throws {
        path = NSTemporaryDirectory() + "posture-http-\(UUID().uuidString.prefix(8)).sock"
        self.script = script
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = try #require(sockaddr_un(socketPath: path))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot listen on \(path)"])
        }
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    func stop() {
        lock.withLock {
            stopped = true
            for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
        }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        unlink(path)
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 { return }
            let keep: Bool = lock.withLock {
                if stopped { return false }
                connectionCount += 1
                open.append(fd)
                return true
            }
            guard keep else { close(fd); return }
            Thread.detachNewThread { [self] in serve(fd) }
        }
    }

    private func serve(_ fd: Int32) {
        // Closed and forgotten under the lock, so `stop` never shuts down a number reused since.
        defer {
            lock.withLock {
                open.removeAll { $0 == fd }
                close(fd)
            }
        }
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            // One request head (the client sends no bodies).
            while !pending.endsWithHeadEnd {
                let n = read(fd, &buffer, buffer.count)
                if n <= 0 { return }
                pending += buffer[0..<n]
            }
            let head = String(decoding: pending, as: UTF8.self)
            pending.removeAll()
            let number: Int = lock.withLock {
                seen.append(Request(head: head))
                return seen.count
            }
            switch script(number, Request(head: head).target) {
            case .answer(let bytes):
                _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
            case .answerAndClose(let bytes):
                _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
                return
            case .silence:
                while read(fd, &buffer, buffer.count) > 0 {}
                return
            }
        }
    }
}

extension Array where Element == UInt8 {
    /// Whether the bytes end with the blank line that ends a request head.
    fileprivate var endsWithHeadEnd: Bool { suffix(4).elementsEqual([0x0D, 0x0A, 0x0D, 0x0A]) }
}
