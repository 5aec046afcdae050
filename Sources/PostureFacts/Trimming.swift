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
        while start < bytes.endIndex, Self.isASCIIWhitespace(bytes[start]) { start = bytes.index(after: start) }
        var end = bytes.endIndex
        while end > start {
            let before = bytes.index(before: end)
            guard Self.isASCIIWhitespace(bytes[before]) else { break }
            end = before
        }
        // start == end only when everything was ASCII whitespace (then both are endIndex).
        if start == end || (bytes[start] < 0x80 && bytes[bytes.index(before: end)] < 0x80) { return self[start..<end] }
        let first = firstIndex { !$0.isWhitespace } ?? endIndex
        let last = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? first
        return self[first..<Swift.max(first, last)]
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }
}

extension String {
    /// As ``StringProtocol/trimmedOfWhitespace``, through the byte-wise ``Substring`` path.
    public var trimmedOfWhitespace: Substring { self[...].trimmedOfWhitespace }
}
