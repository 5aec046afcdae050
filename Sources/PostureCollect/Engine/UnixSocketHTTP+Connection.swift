import Foundation
import PostureFacts

extension UnixSocketHTTP {
    /// One connected socket and the bytes read past the last answer.
    final class Connection {
        let fd: Int32
        /// Bytes received and not yet consumed from `start` on.
        private var buffer: [UInt8] = []
        private var start = 0
        /// Where each `read` lands before its bytes join `buffer`.
        private var scratch = [UInt8](repeating: 0, count: 64 * 1024)

        init(path: String, timeoutSeconds: Int) throws {
            fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw UnixSocketHTTPError.system(call: "socket", errno: errno) }
            guard var address = sockaddr_un(socketPath: path) else {
                close(fd)
                throw UnixSocketHTTPError.system(call: "connect", errno: ENAMETOOLONG)
            }
            var time = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
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

        /// Reads more bytes into the buffer; `false` at the end of the stream.
        private func fill() throws -> Bool {
            while true {
                let n = scratch.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN || errno == EWOULDBLOCK { throw UnixSocketHTTPError.timedOut }
                    throw UnixSocketHTTPError.system(call: "read", errno: errno)
                }
                buffer.append(contentsOf: scratch[0..<n])
                return n > 0
            }
        }

        /// The next line (without CRLF), reading as needed.
        private func line(inAnswer: Bool) throws -> ArraySlice<UInt8> {
            var searchFrom = start
            while true {
                let newline: Int? = buffer.withUnsafeBufferPointer { bytes in
                    guard searchFrom < bytes.count, let base = bytes.baseAddress,
                        let hit = memchr(base + searchFrom, 0x0A, bytes.count - searchFrom)
                    else { return nil }
                    return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                }
                if let i = newline {
                    var end = i
                    if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                    let result = buffer[start..<end]
                    start = i + 1
                    return result
                }
                searchFrom = buffer.count
                if buffer.count - start > 64 * 1024 { throw UnixSocketHTTPError.malformed("a header line longer than 64 KiB") }
                guard try fill() else {
                    throw inAnswer || buffer.count > start ? UnixSocketHTTPError.closedInAnswer : UnixSocketHTTPError.closedBeforeAnswer
                }
            }
        }

        /// Exactly `count` body bytes appended to `body`.
        private func take(_ count: Int, into body: inout [UInt8]) throws {
            var remaining = count
            while remaining > 0 {
                if start == buffer.count {
                    buffer.removeAll(keepingCapacity: true)  // all consumed: the body holds it
                    start = 0
                    guard try fill() else { throw UnixSocketHTTPError.closedInAnswer }
                }
                let n = min(remaining, buffer.count - start)
                body.append(contentsOf: buffer[start..<(start + n)])
                start += n
                remaining -= n
            }
        }

        /// Reads one answer; `keepAlive` says whether the connection can carry another request.
        func readResponse(maxBody: Int) throws -> (Response, keepAlive: Bool) {
            if start > 0 {  // drop what earlier answers consumed
                buffer.removeSubrange(0..<start)
                start = 0
            }
            let statusLine = try line(inAnswer: false)
            let parts = statusLine.split(separator: 0x20, maxSplits: 2)
            guard parts.count >= 2, parts[0].starts(with: Array("HTTP/1.".utf8)),
                let status = Int(String(decoding: parts[1], as: UTF8.self))
            else {
                throw UnixSocketHTTPError.malformed("status line \"\(String(decoding: statusLine.prefix(80), as: UTF8.self))\"")
            }
            var keepAlive = parts[0].elementsEqual(Array("HTTP/1.1".utf8))
            var length: Int?
            var chunked = false
            var apiVersion: String?
            while true {
                let header = try line(inAnswer: true)
                if header.isEmpty { break }
                // Only four headers matter; they are recognised on the bytes, case-insensitively.
                guard let colon = header.firstIndex(of: 0x3A) else { continue }
                let name = header[header.startIndex..<colon]
                let value = header[(colon + 1)...].trimmingASCIISpaces
                if name.equalsLowercased("content-length") {
                    guard let n = Int(String(decoding: value, as: UTF8.self)), n >= 0 else {
                        throw UnixSocketHTTPError.malformed("Content-Length \(String(decoding: value.prefix(40), as: UTF8.self))")
                    }
                    length = n
                } else if name.equalsLowercased("transfer-encoding") {
                    chunked = value.containsLowercased("chunked")
                } else if name.equalsLowercased("api-version") {
                    apiVersion = String(decoding: value, as: UTF8.self)
                } else if name.equalsLowercased("connection") {
                    if value.containsLowercased("close") {
                        keepAlive = false
                    } else if value.containsLowercased("keep-alive") {
                        keepAlive = true
                    }
                }
            }
            var body: [UInt8] = []
            if status == 204 || status == 304 || (100..<200).contains(status) {
                // no body
            } else if chunked {
                while true {
                    let sizeLine = try line(inAnswer: true)
                    let hex = sizeLine.prefix { $0 != 0x3B && $0 != 0x20 }  // chunk extensions
                    guard let size = Int(String(decoding: hex, as: UTF8.self), radix: 16), size >= 0 else {
                        throw UnixSocketHTTPError.malformed("chunk size \"\(String(decoding: sizeLine.prefix(40), as: UTF8.self))\"")
                    }
                    if size == 0 {
                        while try !line(inAnswer: true).isEmpty {}  // trailers
                        break
                    }
                    guard body.count + size <= maxBody else { throw UnixSocketHTTPError.tooLarge(limit: maxBody) }
                    try take(size, into: &body)
                    guard try line(inAnswer: true).isEmpty else { throw UnixSocketHTTPError.malformed("no CRLF after a chunk") }
                }
            } else if let length {
                guard length <= maxBody else { throw UnixSocketHTTPError.tooLarge(limit: maxBody) }
                body.reserveCapacity(length)
                try take(length, into: &body)
            } else {
                keepAlive = false
                while true {
                    if start < buffer.count {
                        body.append(contentsOf: buffer[start...])
                        start = buffer.count
                    }
                    guard body.count <= maxBody else { throw UnixSocketHTTPError.tooLarge(limit: maxBody) }
                    guard try fill() else { break }
                }
            }
            return (Response(status: status, body: body, apiVersion: apiVersion), keepAlive)
        }
    }
}

extension ArraySlice where Element == UInt8 {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingASCIISpaces: ArraySlice<UInt8> {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return [] }
        return self[first...last]
    }

    /// Whether the bytes, ASCII letters lowercased, are `lowercase` (given in lowercase).
    fileprivate func equalsLowercased(_ lowercase: StaticString) -> Bool {
        guard count == lowercase.utf8CodeUnitCount else { return false }
        return lowercase.withUTF8Buffer { equalsBytes($0) }
    }

    /// Whether the bytes, ASCII letters lowercased, contain `lowercase` (given in lowercase).
    fileprivate func containsLowercased(_ lowercase: StaticString) -> Bool {
        let n = lowercase.utf8CodeUnitCount
        guard n <= count else { return false }
        return lowercase.withUTF8Buffer { expected in
            (startIndex...(endIndex - n)).contains { i in
                self[i..<(i + n)].equalsBytes(expected)
            }
        }
    }

    /// Whether the bytes, ASCII letters lowercased, are `expected` (as long as they are).
    private func equalsBytes(_ expected: UnsafeBufferPointer<UInt8>) -> Bool {
        zip(self, expected).allSatisfy { a, b in (a >= 0x41 && a <= 0x5A ? a | 0x20 : a) == b }
    }
}
