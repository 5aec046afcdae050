extension StringProtocol {
    /// Without leading and trailing whitespace and newlines (Unicode White_Space, as
    /// `Character.isWhitespace` has it). Native, unlike Foundation's `trimmingCharacters(in:)`,
    /// which bridges to NSString: that showed up when parsing every check header and every
    /// line of every `/proc/<pid>/status` on each collect. `String` and `Substring` (every
    /// caller) take the faster byte-wise path below, which gives the same answer.
    public var trimmedOfWhitespace: SubSequence {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return self[start..<Swift.max(start, end)]
    }
}

extension Substring {
    /// As ``StringProtocol/trimmedOfWhitespace``, with ASCII ends trimmed on the UTF-8 bytes
    /// (from each end, so a long text costs only its whitespace). Only an end that reaches a
    /// non-ASCII byte falls back to walking Characters, so the answer is the same for every text.
    public var trimmedOfWhitespace: Substring {
        let bytes = utf8
        var start = bytes.startIndex
        while start < bytes.endIndex, isASCIIWhitespace(bytes[start]) { start = bytes.index(after: start) }
        var end = bytes.endIndex
        while end > start {
            let before = bytes.index(before: end)
            guard isASCIIWhitespace(bytes[before]) else { break }
            end = before
        }
        // start == end only when everything was ASCII whitespace (then both are endIndex).
        if start == end || (bytes[start] < 0x80 && bytes[bytes.index(before: end)] < 0x80) { return self[start..<end] }
        let first = firstIndex { !$0.isWhitespace } ?? endIndex
        let last = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? first
        return self[first..<Swift.max(first, last)]
    }
}

extension String {
    /// As ``StringProtocol/trimmedOfWhitespace``, through the byte-wise ``Substring`` path.
    public var trimmedOfWhitespace: Substring { self[...].trimmedOfWhitespace }

    /// The UTF-8 `bytes` (invalid sequences replaced) trimmed as ``trimmedOfWhitespace`` trims:
    /// for parsers that find their fields on the bytes of a file in place (check headers,
    /// `/proc/<pid>/status`) and make a string of each value only once, already trimmed.
    public init(trimmingWhitespaceOf bytes: UnsafeBufferPointer<UInt8>) {
        var lower = 0
        var upper = bytes.count
        while lower < upper && isASCIIWhitespace(bytes[lower]) { lower += 1 }
        while upper > lower && isASCIIWhitespace(bytes[upper - 1]) { upper -= 1 }
        if lower < upper && (bytes[lower] >= 0x80 || bytes[upper - 1] >= 0x80) {
            self = String(String(decoding: bytes, as: UTF8.self).trimmedOfWhitespace)
        } else {
            self = String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
        }
    }
}

/// Space, tab, newline, vertical tab, form feed or carriage return: the ASCII bytes that are
/// Unicode White_Space.
private func isASCIIWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
}
