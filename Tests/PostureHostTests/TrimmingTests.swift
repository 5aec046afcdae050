import PostureFacts
import Testing

/// `trimmedOfWhitespace` trims ASCII ends on bytes and falls back to Characters otherwise; both
/// paths must agree with trimming by `Character.isWhitespace` on every text.
@Suite struct TrimmingTests {
    static func byCharacters(_ text: String) -> String {
        let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
        let end = text.lastIndex { !$0.isWhitespace }.map(text.index(after:)) ?? start
        return String(text[start..<max(start, end)])
    }

    @Test(arguments: [
        "", " ", "\n", "\r\n", "max\n", "  268435456\n", "\t0-3\n", "a b", " a b \t\r\n",
        "\u{00A0}x\u{00A0}", " \u{2003}x\u{3000} ", "é ", " é", "\u{301}x", " \u{301}x ", "x \u{301}", "x\u{301} ",
        "\r\n\r\nx\r\n", "\u{85}x\u{85}", "日本 ", "\u{FEFF}x",
    ])
    func agreesWithCharacterTrimming(text: String) {
        #expect(String(text.trimmedOfWhitespace) == Self.byCharacters(text))
        let padded = "#" + text + "#"
        let inner = padded.dropFirst().dropLast()  // a Substring, as parsers pass them
        #expect(String(inner.trimmedOfWhitespace) == Self.byCharacters(String(inner)))
        #expect(String(Self.generic(text)) == Self.byCharacters(text))
        var bytes = text
        #expect(bytes.withUTF8 { String(trimmingWhitespaceOf: $0) } == Self.byCharacters(text))
    }

    /// The generic (Character) path, as any other `StringProtocol` type takes it.
    static func generic<S: StringProtocol>(_ text: S) -> S.SubSequence { text.trimmedOfWhitespace }
}
