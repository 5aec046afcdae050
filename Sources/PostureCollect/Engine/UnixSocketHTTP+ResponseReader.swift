import Foundation

extension UnixSocketHTTP {
    /// Reads one HTTP/1.1 answer from bytes as they arrive, in pieces of any size: by its
    /// `Content-Length`, by chunks (`Transfer-Encoding: chunked`, with extensions and trailers)
    /// or, for an answer with neither, to the end of the stream. Only four headers matter
    /// (`Content-Length`, `Transfer-Encoding`, `Connection`, `API-Version`); they are recognised
    /// on the bytes, case-insensitively.
    ///
    /// ``feed(_:)`` takes what one `read` gave and says whether the answer is complete;
    /// ``finish()`` is for the end of the stream. Bytes past the answer are not kept: a
    /// connection carries one request at a time.
    struct ResponseReader {
        let maxBody: Int
        private var buffer: [UInt8] = []
        /// Bytes of `buffer` consumed so far.
        private var start = 0
        private var phase = Phase.statusLine
        private var status = 0
        private var keepAlive = false
        private var length: Int?
        private var chunked = false
        private var apiVersion: String?
        private var body: [UInt8] = []

        private enum Phase {
            case statusLine, headers, lengthBody(remaining: Int), chunkSize, chunkData(remaining: Int), chunkEnd
            case trailers, untilClose, done
        }

        init(maxBody: Int) { self.maxBody = maxBody }

        /// Whether any byte of an answer came.
        var started: Bool { !buffer.isEmpty }

        /// The answer once complete, and whether its connection can carry another request.
        private(set) var result: (response: Response, keepAlive: Bool)?

        /// Takes the bytes of one read; true once the answer is complete.
        mutating func feed(_ bytes: UnsafeRawBufferPointer) throws -> Bool {
            if case .untilClose = phase {
                guard body.count + bytes.count <= maxBody else { throw UnixSocketHTTPError.tooLarge(limit: maxBody) }
                body.append(contentsOf: bytes)
                return false
            }
            if start > 0 && start == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                start = 0
            }
            buffer.append(contentsOf: bytes)
            return try advance()
        }

        /// The end of the stream: completes an answer read to the end, else says how the
        /// connection failed (before any byte of an answer, or in the middle of one).
        mutating func finish() throws -> (response: Response, keepAlive: Bool) {
            if case .untilClose = phase {
                phase = .done
                result = (Response(status: status, body: body, apiVersion: apiVersion), false)
            }
            guard let result else {
                throw buffer.isEmpty ? UnixSocketHTTPError.closedBeforeAnswer : UnixSocketHTTPError.closedInAnswer
            }
            return result
        }

        private mutating func advance() throws -> Bool {
            while true {
                switch phase {
                case .statusLine:
                    guard let line = try nextLine() else { return false }
                    try readStatus(line)
                    phase = .headers
                case .headers:
                    guard let line = try nextLine() else { return false }
                    if line.isEmpty {
                        try beginBody()
                    } else {
                        try readHeader(line)
                    }
                case .lengthBody(let remaining):
                    let n = min(remaining, buffer.count - start)
                    body.append(contentsOf: buffer[start..<(start + n)])
                    start += n
                    if n == remaining {
                        complete()
                    } else {
                        phase = .lengthBody(remaining: remaining - n)
                        return false
                    }
                case .chunkSize:
                    guard let line = try nextLine() else { return false }
                    let hex = line.prefix { $0 != 0x3B && $0 != 0x20 }  // chunk extensions
                    guard let size = Int(String(decoding: hex, as: UTF8.self), radix: 16), size >= 0 else {
                        throw UnixSocketHTTPError.malformed("chunk size \"\(String(decoding: line.prefix(40), as: UTF8.self))\"")
                    }
                    guard body.count + size <= maxBody else { throw UnixSocketHTTPError.tooLarge(limit: maxBody) }
                    phase = size == 0 ? .trailers : .chunkData(remaining: size)
                case .chunkData(let remaining):
                    let n = min(remaining, buffer.count - start)
                    body.append(contentsOf: buffer[start..<(start + n)])
                    start += n
                    guard n == remaining else {
                        phase = .chunkData(remaining: remaining - n)
                        return false
                    }
                    phase = .chunkEnd
                case .chunkEnd:
                    guard let line = try nextLine() else { return false }
                    guard line.isEmpty else { throw UnixSocketHTTPError.malformed("no CRLF after a chunk") }
                    phase = .chunkSize
                case .trailers:
                    guard let line = try nextLine() else { return false }
                    if line.isEmpty { complete() }
                case .untilClose:
                    body.append(contentsOf: buffer[start...])
                    start = buffer.count
                    guard body.count <= maxBody else { throw UnixSocketHTTPError.tooLarge(limit: maxBody) }
                    return false
                case .done:
                    return true
                }
            }
        }

        private mutating func complete() {
            phase = .done
            result = (Response(status: status, body: body, apiVersion: apiVersion), keepAlive)
        }

        /// The next whole line (without CRLF), `nil` until its newline came.
        private mutating func nextLine() throws -> ArraySlice<UInt8>? {
            let newline: Int? = buffer.withUnsafeBufferPointer { bytes in
                guard start < bytes.count, let base = bytes.baseAddress,
                    let hit = memchr(base + start, 0x0A, bytes.count - start)
                else { return nil }
                return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            }
            guard let i = newline else {
                if buffer.count - start > 64 * 1024 { throw UnixSocketHTTPError.malformed("a header line longer than 64 KiB") }
                return nil
            }
            var end = i
            if end > start && buffer[end - 1] == 0x0D { end -= 1 }
            let line = buffer[start..<end]
            start = i + 1
            return line
        }

        private mutating func readStatus(_ line: ArraySlice<UInt8>) throws {
            let parts = line.split(separator: 0x20, maxSplits: 2)
            guard parts.count >= 2, parts[0].starts(with: Array("HTTP/1.".utf8)),
                let code = Int(String(decoding: parts[1], as: UTF8.self))
            else {
                throw UnixSocketHTTPError.malformed("status line \"\(String(decoding: line.prefix(80), as: UTF8.self))\"")
            }
            status = code
            keepAlive = parts[0].elementsEqual(Array("HTTP/1.1".utf8))
        }

        private mutating func readHeader(_ header: ArraySlice<UInt8>) throws {
            guard let colon = header.firstIndex(of: 0x3A) else { return }
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

        private mutating func beginBody() throws {
            if status == 204 || status == 304 || (100..<200).contains(status) {
                complete()  // no body
            } else if chunked {
                phase = .chunkSize
            } else if let length {
                guard length <= maxBody else { throw UnixSocketHTTPError.tooLarge(limit: maxBody) }
                body.reserveCapacity(length)
                if length == 0 { complete() } else { phase = .lengthBody(remaining: length) }
            } else {
                keepAlive = false
                phase = .untilClose
            }
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
