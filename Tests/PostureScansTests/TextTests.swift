@testable import PostureScans
import Testing

@Suite struct TextTests {
    @Test(arguments: [
        ("  Title here  \nmore", "Title here"),
        ("Windows line\r\nnext", "Windows line"),
        ("\n\nstarts with breaks", nil),
        ("   ", nil),
        ("one line", "one line"),
        ("ünïcödé title", "ünïcödé title"),
    ] as [(String, String?)])
    func firstLine(text: String, expected: String?) {
        #expect(text.firstLine() == expected)
    }

    @Test func longLinesAreCut() {
        let line = String(repeating: "é", count: 300)
        let cut = line.firstLine(limit: 200)
        #expect(cut?.count == 200)
        #expect(cut?.hasSuffix("…") == true)
    }

    @Test func blankIsNotNonEmpty() {
        #expect(" \t ".nonEmpty == nil)
        #expect("".nonEmpty == nil)
        #expect(" x ".nonEmpty == " x ")
    }
}
