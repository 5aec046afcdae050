import Foundation

/// A unix-socket proxy in front of the private test engine, which a fault test controls: it
/// forwards every connection byte for byte to the engine's socket, watches the request lines
/// going through, and on a request its rule picks can make the engine "stop" (close every
/// connection and the listening socket, and remove the socket file), make the socket file
/// vanish (new connections fail, open ones carry on), cut the answer half-way, or run a
/// callback first (e.g. remove the container about to be inspected).
///
/// The shared test engine itself is never stopped. Reads the engine socket, writes its own
/// socket file only.
final class FaultProxy: @unchecked Sendable {
    enum Action: Sendable {
        case forward
        /// The engine stops before answering: every connection and the listener close, the socket file goes.
        case stopEngine
        /// The socket file is removed and the listener closed; open connections go on working.
        case removeSocket
        /// The request is forwarded, then its answer is cut after a few bytes and the engine stops.
        case stopMidAnswer
        /// Runs the callback, then forwards the request.
        case run(@Sendable () -> Void)
    }

    let socketPath: String
    let target: String
    private let rule: @Sendable (String) -> Action
    private let lock = NSLock()
    private var listener: Int32 = -1
    private var connections: Set<Int32> = []
    private var seen: [String] = []
    private var stopped = false

    /// Starts listening on `socketPath`, forwarding to the unix socket at `target`.
    init(socketPath: String, target: String, rule: @escaping @Sendable (String) -> Action = { _ in .forward }) throws {
        self.socketPath = socketPath
        self.target = target
        self.rule = rule
        unlink(socketPath)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0, Self.withAddress(socketPath, { bind(fd, $0, $1) }) == 0, listen(fd, 64) == 0 else {
            throw TestFailure("fault proxy: cannot listen on \(socketPath): \(String(cString: strerror(errno)))")
        }
        listener = fd
        Thread.detachNewThread { [self] in acceptLoop(fd) }
    }

    deinit { stop() }

    /// The request paths seen so far, in order.
    var requests: [String] { lock.withLock { seen } }

    /// `unix://` URL of the proxy socket, for `--engine`.
    var url: String { "unix://" + socketPath }

    /// The engine "stops": the listener and every open connection close and the socket file goes.
    func stop() {
        let fds: [Int32] = lock.withLock {
            if stopped { return [] }
            stopped = true
            let all = Array(connections) + (listener >= 0 ? [listener] : [])
            connections.removeAll()
            listener = -1
            return all
        }
        if !fds.isEmpty { unlink(socketPath) }
        // Shut down only: the pumps wake up, and the last one of each connection closes it.
        for fd in fds { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    /// The socket file goes and no new connection is accepted; open ones go on.
    func removeSocket() {
        let fd: Int32 = lock.withLock {
            let fd = listener
            listener = -1
            return fd
        }
        unlink(socketPath)
        if fd >= 0 { shutdown(fd, Int32(SHUT_RDWR)) }  // the accept loop wakes up and closes it
    }

    private func acceptLoop(_ fd: Int32) {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                close(fd)
                return
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)  // not inherited by processes tests start
            let server = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard server >= 0, Self.withAddress(target, { connect(server, $0, $1) }) == 0 else {
                close(client)
                if server >= 0 { close(server) }
                continue
            }
            let accepted = lock.withLock { () -> Bool in
                if stopped { return false }
                connections.insert(client)
                connections.insert(server)
                return true
            }
            guard accepted else {
                close(client)
                close(server)
                close(fd)
                return
            }
            let cut = CutState()
            Thread.detachNewThread { [self] in
                pumpRequests(from: client, to: server, cut: cut)
                finish(client, server, cut)
            }
            Thread.detachNewThread { [self] in
                pumpAnswers(from: server, to: client, cut: cut)
                finish(client, server, cut)
            }
        }
    }

    /// Client to engine: finds each request line and applies the rule before forwarding.
    private func pumpRequests(from client: Int32, to server: Int32, cut: CutState) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { break }
            let text = String(decoding: buffer[0..<n], as: UTF8.self)
            for path in Self.requestPaths(in: text) {
                lock.withLock { seen.append(path) }
                switch rule(path) {
                case .forward: break
                case .stopEngine:
                    stop()
                    return
                case .removeSocket: removeSocket()
                case .stopMidAnswer: cut.armed = true
                case .run(let callback): callback()
                }
            }
            if !writeAll(server, buffer, n) { break }
        }
    }

    /// Engine to client; once armed, forwards a few bytes of the answer and stops the engine.
    private func pumpAnswers(from server: Int32, to client: Int32, cut: CutState) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = read(server, &buffer, buffer.count)
            if n <= 0 { break }
            if cut.armed {
                _ = writeAll(client, buffer, min(n, 60))
                stop()
                return
            }
            if !writeAll(client, buffer, n) { break }
        }
    }

    /// Called by each of a connection's two pumps as it ends: the first shuts both sockets down
    /// (waking the other pump), the second closes them.
    private func finish(_ client: Int32, _ server: Int32, _ state: CutState) {
        shutdown(client, Int32(SHUT_RDWR))
        shutdown(server, Int32(SHUT_RDWR))
        guard state.pumpEnded() else { return }
        lock.withLock {
            connections.remove(client)
            connections.remove(server)
        }
        close(client)
        close(server)
    }

    private func writeAll(_ fd: Int32, _ buffer: [UInt8], _ count: Int) -> Bool {
        var offset = 0
        while offset < count {
            // send with MSG_NOSIGNAL: a peer that went away is an error here, not a SIGPIPE for the test process
            let w = buffer.withUnsafeBytes { send(fd, $0.baseAddress! + offset, count - offset, Int32(MSG_NOSIGNAL)) }
            if w <= 0 { return false }
            offset += w
        }
        return true
    }

    /// Paths of the HTTP request lines (`GET /v1.41/containers/x/json HTTP/1.1`) in `text`.
    static func requestPaths(in text: String) -> [String] {
        text.split(separator: "\r\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 3, ["GET", "HEAD", "POST"].contains(parts[0]), parts[2].hasPrefix("HTTP/1.") else { return nil }
            return String(parts[1])
        }
    }

    static func withAddress(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return -1 }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }
}

/// One connection's shared state: whether its next answer is to be cut (set by the request
/// pump, read by the answer pump) and how many of its two pumps are still running.
private final class CutState: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    private var running = 2
    var armed: Bool {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
    /// True for the second (last) pump to end.
    func pumpEnded() -> Bool {
        lock.withLock {
            running -= 1
            return running == 0
        }
    }
}
