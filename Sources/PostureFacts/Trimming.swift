extension StringProtocol {
    /// Without leading and trailing whitespace and newlines (Unicode White_Space, as
    /// `Character.isWhitespace` has it). Native, unlike Foundation's `trimmingCharacters(in:)`,
    /// which bridges to NSString: that showed up when parsing every check header and every
    /// line of every `/proc/<pid>/status` on each collect.
    ///
    /// ASCII ends are trimmed on the UTF-8 bytes; only an end that reaches a non-ASCII byte
    /// falls back to walking Characters, so the answer is the same for every text.
    public var trimmedOfWhitespace: SubSequence {
        let bytes = utf8
        var start = bytes.startIndex
        while start < bytes.endIndex, Self.isASCIIWhitespace(bytes[start]) { start = bytes.index(after: start) }
        // One forward pass (the view is only a Collection here): the end is just after the
        // last byte that is not ASCII whitespace.
        var end = start
        var last: UInt8 = 0
        var i = start
        while i < bytes.endIndex {
            let byte = bytes[i]
            i = bytes.index(after: i)
            if !Self.isASCIIWhitespace(byte) {
                end = i
                last = byte
            }
        }
        if start == end || (bytes[start] < 0x80 && last < 0x80) { return self[start..<end] }
        return characterTrimmed
    }

    private var characterTrimmed: SubSequence {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return self[start..<Swift.max(start, end)]
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }
}
