import Foundation
import Testing
@testable import PostureCollect

@Suite("streaming tar reader")
struct TarStreamReaderTests {
    static let long = "usr/share/posture/" + String(repeating: "a-very-long-folder-name-that-does-not-fit/", count: 3) + "file.txt"

    @Test("pax and GNU long names, links, modes and content, whatever the piece size", arguments: ["names-pax.tar", "names-gnu.tar"], [1, 7, 512, 100_000])
    func names(fixture: String, piece: Int) throws {
        let handler = RecordingHandler()
        var reader = TarStreamReader(handler: handler)
        try ImageFixtures.feed(try ImageFixtures.bytes(fixture), piece: piece) { try reader.feed($0) }
        try reader.finish()
        #expect(reader.isFinished)
        let byPath = Dictionary(uniqueKeysWithValues: handler.entries.map { ($0.normalisedPath, $0) })
        #expect(handler.entries.map(\.normalisedPath) == ["etc", Self.long, "usr/bin/passwd", "usr/bin/long-link", "usr/bin/hard"])
        #expect(byPath["etc"]?.kind == .directory)
        #expect(byPath[Self.long]?.kind == .file)
        #expect(handler.contents[Self.long] == Array("hello\n".utf8))
        #expect(byPath["usr/bin/passwd"]?.mode == 0o4755)
        #expect(handler.contents["usr/bin/passwd"]?.count == 700)
        #expect(byPath["usr/bin/long-link"]?.kind == .symlink)
        #expect(byPath["usr/bin/long-link"]?.linkName == "/" + Self.long)
        #expect(byPath["usr/bin/hard"]?.kind == .hardLink)
        #expect(TarEntry.normalise(byPath["usr/bin/hard"]?.linkName ?? "") == "usr/bin/passwd")
        #expect(byPath["usr/bin/hard"]?.size == 0)
    }

    @Test("a stream cut inside an entry is reported as truncated, with the offset")
    func truncated() throws {
        let bytes = try ImageFixtures.bytes("names-pax.tar")
        var reader = TarStreamReader(handler: RecordingHandler())
        try ImageFixtures.feed(Array(bytes.prefix(2000)), piece: 300) { try reader.feed($0) }
        #expect(throws: TarError.truncated(offset: 2000)) { try reader.finish() }
    }

    @Test("bytes that are not a tar fail on the first header with a checksum error")
    func notATar() throws {
        var reader = TarStreamReader(handler: RecordingHandler())
        let json = Array(String(repeating: "{\"not\": \"a tar\"} ", count: 40).utf8)
        #expect {
            try ImageFixtures.feed(json, piece: 64) { try reader.feed($0) }
        } throws: { error in
            guard case TarError.badHeader(let offset, _) = error else { return false }
            return offset == 0
        }
    }

    @Test("pax records: lengths count themselves, values may hold '=' and newlines end them")
    func paxRecords() {
        let text = "30 path=a/b=c/with spaces.txt\n" + "17 linkpath=/x/y\n" + "12 size=100\n"
        let records = TarStreamReader.paxRecords(Array(text.utf8))
        #expect(records["path"] == "a/b=c/with spaces.txt")
        #expect(records["linkpath"] == "/x/y")
        #expect(records["size"] == "100")
    }

    @Test("paths are normalised: ./ and slashes removed, the root is empty")
    func normalise() {
        #expect(TarEntry.normalise("./etc//passwd") == "etc/passwd")
        #expect(TarEntry.normalise("etc/") == "etc")
        #expect(TarEntry.normalise("./") == "")
        #expect(TarEntry.normalise("/") == "")
    }
}
