extension StringProtocol {
    /// Without leading and trailing whitespace and newlines (Unicode White_Space, as
    /// `Character.isWhitespace` has it). Native, unlike Foundation's `trimmingCharacters(in:)`,
    /// which bridges to NSString: that showed up when parsing every check header and every
    /// line of every `/proc/<pid>/status` on each collect.
    public var trimmedOfWhitespace: SubSequence {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return self[start..<Swift.max(start, end)]
    }
}
