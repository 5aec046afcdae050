import Foundation
import PostureFacts

extension UnixSocketHTTP {
    /// One connected socket to the engine, and the answer being read on it.
    final class Connection {
        let fd: Int32
        /// Whether it carried an answer before: an engine may close a kept connection while it is
        /// idle, so a request that finds it closed is asked again on a new one.
        var kept = false
        /// Where each `read` lands before the reader takes the bytes.
        private static let scratchSize = 64 * 1024
        private var scratch = [UInt8](repeating: 0, count: scratchSize)

        init(path: String, timeoutSeconds: Int) throws {
            fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw UnixSocketHTTPError.system(call: "socket", errno: errno) }
            guard var address = sockaddr_un(socketPath: path) else {
                close(fd)
                throw UnixSocketHTTPError.system(call: "connect", errno: ENAMETOOLONG)
            }
            // Writes are a request line and two headers; a full socket buffer waits this long.
            var time = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
            let rc = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard rc == 0 else {
                let code = errno
                close(fd)
                throw UnixSocketHTTPError.system(call: "connect", errno: code)
            }
        }

        func disconnect() { close(fd) }

        func write(_ bytes: [UInt8]) throws {
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN || errno == EWOULDBLOCK { throw UnixSocketHTTPError.timedOut }
                    throw UnixSocketHTTPError.system(call: "write", errno: errno)
                }
                offset += n
            }
        }

        /// Reads what the socket holds, without waiting (it was polled readable), into
        /// `reader`: true once the answer is complete or the stream ended (``ResponseReader/finish()``
        /// then tells which).
        func read(into reader: inout ResponseReader) throws -> (complete: Bool, ended: Bool) {
            while true {
                let n = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, Int32(MSG_DONTWAIT)) }
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN || errno == EWOULDBLOCK { return (false, false) }
                    throw UnixSocketHTTPError.system(call: "read", errno: errno)
                }
                if n == 0 { return (false, true) }
                let complete = try scratch.withUnsafeBytes { try reader.feed(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                return (complete, false)
            }
        }
    }
}
