import Foundation

/// Plain HTTP/1.1 `GET`s over one engine's unix socket, on connections kept alive between
/// requests: the engine's JSON answers (`/info`, lists, one inspect per container).
///
/// One thread of its own (never Swift's cooperative pool) carries every request in flight, as
/// curl's `--parallel` does: it writes each request on an idle kept connection or a new one,
/// waits for the answers on all of them at once with `poll`, reads each as its bytes come
/// (``ResponseReader``: by `Content-Length`, by chunks, or to the end of the stream for a
/// `Connection: close` answer with neither) and resumes its caller. The caller bounds how many
/// are in flight (``EngineCollector``: 8 inspects at a time, plus the lists). The thread stops
/// after ``linger`` without a request and starts again with the next one.
///
/// It replaced a thread blocked in `read` per request. At 5,000 containers those threads cost
/// four to five thread switches per request (24,700 per collect, against curl's 400 for the
/// same documents), and on a two-core host the engine answering needs the same cores.
///
/// A request waits at most `timeout` seconds for each next byte of its answer (and to send
/// itself). A kept connection the engine closed while it was idle is replaced, and the request
/// asked again on a new one.
///
/// Reads the socket; writes nothing but the requests.
final class UnixSocketHTTP: @unchecked Sendable {
    let socketPath: String
    let timeoutSeconds: Int
    let maxBody: Int
    /// How long the thread waits for a next request before it stops.
    static let linger: Duration = .milliseconds(200)
    /// Connections at most, so file descriptors stay bounded whatever the callers ask for at
    /// once (a collect has about twenty requests in flight); more requests wait their turn.
    static let maxConnections = 32

    /// A response: status code, the whole body, and the engine's `API-Version` header (which
    /// `/_ping` carries).
    struct Response {
        let status: Int
        let body: [UInt8]
        var apiVersion: String? = nil
    }

    private struct Job {
        let request: [UInt8]
        let continuation: CheckedContinuation<Response, any Error>
        /// Asked again once already, after a kept connection turned out closed.
        var retried = false
    }

    /// A request written and its answer being read.
    private struct InFlight {
        var job: Job
        let connection: Connection
        var reader: ResponseReader
        var deadline: ContinuousClock.Instant
    }

    private let lock = NSLock()
    /// Requests not yet taken by the thread (under `lock`).
    private var pending: [Job] = []
    /// Whether the thread runs (under `lock`).
    private var running = false
    /// A pipe whose read end wakes the thread from `poll` when a request comes.
    private let wake: (read: Int32, write: Int32)
    /// Kept connections with no request on them: the thread's alone while it runs.
    private var idle: [Connection] = []

    init(socketPath: String, timeoutSeconds: Int, maxBody: Int) {
        self.socketPath = socketPath
        self.timeoutSeconds = timeoutSeconds
        self.maxBody = maxBody
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            }
        }
        wake = (ends[0], ends[1])
    }

    deinit {
        for connection in idle { connection.disconnect() }
        if wake.read >= 0 {
            close(wake.read)
            close(wake.write)
        }
    }

    /// `GET target` (the path and query) with the given `Host`.
    func get(_ target: String, host: String = "docker") async throws -> Response {
        // A path from an engine's answer (an ID) must not be able to add lines to the request.
        guard target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw UnixSocketHTTPError.malformed("request path with spaces or control characters: \(target.debugDescription)")
        }
        guard wake.read >= 0 else { throw UnixSocketHTTPError.system(call: "pipe", errno: EMFILE) }
        let request = Array("GET \(target) HTTP/1.1\r\nHost: \(host)\r\nAccept: application/json\r\n\r\n".utf8)
        return try await withCheckedThrowingContinuation { continuation in
            let start = lock.withLock {
                pending.append(Job(request: request, continuation: continuation))
                if running { return false }
                running = true
                return true
            }
            if start {
                Thread.detachNewThread { self.run() }
            } else {
                var one: UInt8 = 1
                _ = write(wake.write, &one, 1)  // a full pipe already wakes it
            }
        }
    }

    /// The thread: takes new requests, waits for answers, resumes their callers; returns after
    /// ``linger`` with nothing to do.
    private func run() {
        var inFlight: [Int32: InFlight] = [:]
        var waiting: [Job] = []
        var lingerStart: ContinuousClock.Instant?
        while true {
            // Emptied before the requests are taken: a request added later writes to it again.
            var drained = [UInt8](repeating: 0, count: 64)
            while read(wake.read, &drained, drained.count) > 0 {}
            waiting += lock.withLock {
                let jobs = pending
                pending.removeAll()
                return jobs
            }
            let free = max(0, Self.maxConnections - inFlight.count)
            for job in waiting.prefix(free) { send(job, into: &inFlight) }
            waiting.removeFirst(min(free, waiting.count))
            let now = ContinuousClock.now
            if inFlight.isEmpty && waiting.isEmpty {
                let since = lingerStart ?? now
                lingerStart = since
                if now - since >= Self.linger {
                    let stop = lock.withLock {
                        if !pending.isEmpty { return false }
                        running = false
                        return true
                    }
                    if stop { return }
                    continue
                }
            } else {
                lingerStart = nil
            }

            let nearest = inFlight.values.map(\.deadline).min() ?? ((lingerStart ?? now) + Self.linger)
            var fds = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            fds += inFlight.keys.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let wait = max(.zero, nearest - now)
            let milliseconds = Int32(min(Int64(Int32.max), wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000 + 1))
            let ready = poll(&fds, nfds_t(fds.count), milliseconds)
            if ready < 0 && errno != EINTR { Thread.sleep(forTimeInterval: 0.001) }

            for entry in fds.dropFirst() where entry.revents != 0 {
                guard var flight = inFlight.removeValue(forKey: entry.fd) else { continue }
                do {
                    let (complete, ended) = try flight.connection.read(into: &flight.reader)
                    if complete, let result = flight.reader.result {
                        finished(flight, result)
                    } else if ended {
                        let result = try flight.reader.finish()
                        finished(flight, result)
                    } else {
                        flight.deadline = ContinuousClock.now + .seconds(timeoutSeconds)
                        inFlight[entry.fd] = flight
                    }
                } catch {
                    failed(flight, error, into: &inFlight)
                }
            }
            let expiry = ContinuousClock.now
            for (fd, flight) in inFlight where flight.deadline <= expiry {
                inFlight[fd] = nil
                flight.connection.disconnect()
                flight.job.continuation.resume(throwing: UnixSocketHTTPError.timedOut)
            }
        }
    }

    /// Writes `job`'s request on a kept connection, else on a new one.
    private func send(_ job: Job, fresh: Bool = false, into inFlight: inout [Int32: InFlight]) {
        let connection: Connection
        if !fresh, let kept = idle.popLast() {
            connection = kept
        } else {
            do {
                connection = try Connection(path: socketPath, timeoutSeconds: timeoutSeconds)
            } catch {
                job.continuation.resume(throwing: error)
                return
            }
        }
        do {
            try connection.write(job.request)
        } catch {
            let flight = InFlight(job: job, connection: connection, reader: ResponseReader(maxBody: maxBody), deadline: .now)
            failed(flight, error, into: &inFlight)
            return
        }
        inFlight[connection.fd] = InFlight(
            job: job, connection: connection, reader: ResponseReader(maxBody: maxBody),
            deadline: ContinuousClock.now + .seconds(timeoutSeconds))
    }

    private func finished(_ flight: InFlight, _ result: (response: Response, keepAlive: Bool)) {
        if result.keepAlive {
            flight.connection.kept = true
            idle.append(flight.connection)
        } else {
            flight.connection.disconnect()
        }
        flight.job.continuation.resume(returning: result.response)
    }

    /// A request whose connection failed: asked again once on a new connection when a kept one
    /// turns out closed by the engine while idle (``UnixSocketHTTPError/mayBeStale``), else
    /// failed with `error`.
    private func failed(_ flight: InFlight, _ error: any Error, into inFlight: inout [Int32: InFlight]) {
        flight.connection.disconnect()
        if let error = error as? UnixSocketHTTPError, error.mayBeStale, flight.connection.kept, !flight.job.retried,
            !flight.reader.started
        {
            var again = flight.job
            again.retried = true
            send(again, fresh: true, into: &inFlight)
            return
        }
        flight.job.continuation.resume(throwing: error)
    }
}
