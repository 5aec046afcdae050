import Foundation
import PostureJSON
@testable import PostureScans
import Testing

/// The hand-written JSON reader against Foundation's `JSONSerialization`: the same values for
/// every fixture and real sample and for tricky texts, and a refusal wherever Foundation
/// refuses too.
@Suite struct JSONReaderTests {
    /// A JSON tree both readers' output converts to. Booleans count as the numbers 1 and 0:
    /// Foundation on Linux hands both out as `NSNumber`.
    indirect enum Tree: Equatable {
        case object([String: Tree]), array([Tree]), string(String), number(Double), null
    }

    static func tree(_ value: JSONValue) -> Tree {
        switch value.kind {
        case .object:
            var object: [String: Tree] = [:]
            for (name, member) in value.members where object[name] == nil { object[name] = tree(member) }
            return .object(object)
        case .array: return .array(value.elements.map(tree))
        case .string: return .string(value.string!)
        case .number: return .number(value.double!)
        case .true: return .number(1)
        case .false: return .number(0)
        case .null: return .null
        }
    }

    static func tree(_ any: Any) -> Tree? {
        if let object = any as? [String: Any] {
            var result: [String: Tree] = [:]
            for (key, value) in object {
                guard let t = tree(value) else { return nil }
                result[key] = t
            }
            return .object(result)
        }
        if let array = any as? [Any] {
            let elements = array.compactMap { tree($0) }
            return elements.count == array.count ? .array(elements) : nil
        }
        if let string = any as? String { return .string(string) }
        if any is NSNull { return .null }
        if let number = any as? NSNumber { return .number(number.doubleValue) }
        return nil
    }

    static func same(_ ours: JSONValue, _ theirs: Any) -> Bool { tree(ours) == tree(theirs) }

    static func agree(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let data = Data(text.utf8)
        let theirs = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        let ours = try JSONDocument(parsing: data)
        #expect(same(ours.root, theirs), "\(text)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        #"{"a": "plain", "b": "esc\"aped\\ \/ \b\f\n\r\t", "c": "\u00e9\u4e2d\ud83d\ude00", "d": "ünïcödé 😀"}"#,
        #"[0, -0, 1, -1, 7.5, 9.8, 0.1, 1e3, 1E-2, -2.5e+10, 123456789012345678, 3.141592653589793238, 1.7976931348623157e308]"#,
        #"{"nested": {"deeper": [[[], {}], [null, true, false]]}, "empty": "", "space" :  [ 1 , 2 ] }"#,
        "\u{FEFF}{\"bom\": 1}",
        " \n\t\r{\"whitespace\": [\n1\n]}\n ",
        #""just a string""#,
        #"42"#,
    ])
    func agreesWithFoundation(text: String) throws {
        try Self.agree(text)
    }

    @Test(arguments: [
        "{", "[1, 2", #"{"a": }"#, #"{"a" 1}"#, "[01]", "[1.]", "[.5]", "[1e]", "[-]",
        "[+1]", #"["\x"]"#, #"["\u12"]"#, "[\"tab\there\"]", "[tru]", "[nul]", "{} x", "{}{}", "", "   ",
        #"{'single': 1}"#, "[NaN]", "[Infinity]", #"{"a": "unterminated}"#,
    ])
    func refusesWhatFoundationRefuses(text: String) {
        let data = Data(text.utf8)
        #expect(throws: (any Error).self, "Foundation accepts \(text)") {
            try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        }
        #expect(throws: JSONSyntaxError.self, "reader accepts \(text)") { try JSONDocument(parsing: data) }
    }

    /// Stricter than Foundation, which accepts a trailing comma: scanners never write one, so
    /// a report with one was edited or damaged.
    @Test(arguments: ["[1,]", #"{"a": 1,}"#])
    func refusesTrailingCommas(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONDocument(parsing: Data(text.utf8)) }
    }

    /// Non-ASCII text that is UTF-8 reads back whole; bytes that are not UTF-8 are refused with
    /// the offset of the string that holds them.
    @Test func refusesBytesThatAreNotUTF8() throws {
        let fine = try JSONDocument(parsing: Data(#"{"a": "café ✓"}"#.utf8))
        #expect(fine.root["a"]?.string == "café ✓")
        var bad = Data(#"{"a": ""#.utf8)
        bad.append(contentsOf: [0x63, 0xE9, 0x28])  // Latin-1 "cé(" : 0xE9 starts a 3-byte sequence
        bad.append(contentsOf: Data(#""}"#.utf8))
        #expect(throws: JSONSyntaxError(offset: 7, message: "bytes that are not UTF-8 in a string (the report must be UTF-8)")) {
            try JSONDocument(parsing: bad)
        }
    }

    @Test func refusesNestingDeeperThan512() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONSyntaxError.self) { try JSONDocument(parsing: Data(deep.utf8)) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: Never.self) { try JSONDocument(parsing: Data(fine.utf8)) }
    }

    @Test func syntaxErrorSaysWhere() {
        do {
            _ = try JSONDocument(parsing: Data(#"{"a": [1, 2 3]}"#.utf8))
            Issue.record("accepted")
        } catch let error as JSONSyntaxError {
            #expect(error.offset == 12)
            #expect(error.description == "expected ',' or ']' in an array at byte 12")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func shapeErrorsNameTheMemberPath() throws {
        let document = try JSONDocument(parsing: Data(#"{"Results": [{"x": 1}, {"Vulnerabilities": [{"id": 5}, {"id": null}]}]}"#.utf8))
        let vulnerabilities = try #require(document.root["Results"]?.elements[1]["Vulnerabilities"]?.elements)
        #expect(throws: JSONShapeError.self) { try vulnerabilities[0].text("id") }
        do { _ = try vulnerabilities[0].text("id") } catch let e as JSONShapeError {
            #expect(e.description == "Results[1].Vulnerabilities[0].id is not text")
        }
        do { _ = try vulnerabilities[1].text("id") } catch let e as JSONShapeError {
            #expect(e.description == "Results[1].Vulnerabilities[1].id is null where text is needed")
        }
        do { _ = try vulnerabilities[1].text("PkgName") } catch let e as JSONShapeError {
            #expect(e.description == "Results[1].Vulnerabilities[1] lacks PkgName")
        }
        do { _ = try document.root.text("ArtifactName") } catch let e as JSONShapeError {
            #expect(e.description == "the top level lacks ArtifactName")
        }
    }

    @Test func lenientReads() throws {
        let document = try JSONDocument(parsing: Data(#"{"n": 7.5, "s": "7.5", "i": 3, "list": ["a", null, "b"], "one": "x", "mixed": ["a", 1], "t": true}"#.utf8))
        let root = document.root
        #expect(root.lenientDouble("n") == 7.5 && root.lenientDouble("s") == 7.5 && root.lenientDouble("t") == nil)
        #expect(root.lenientString("i") == "3" && root.lenientString("n") == "7.5" && root.lenientString("t") == nil)
        #expect(root.stringList("list") == ["a", "b"] && root.stringList("one") == ["x"] && root.stringList("mixed").isEmpty)
        #expect(root.stringList("absent").isEmpty && root["absent"] == nil)
    }

    /// Every report fixture, and every real sample when `../shared/samples` is present, reads
    /// the same as with Foundation.
    @Test func everyFixtureAndSampleReadsAsFoundationReadsIt() throws {
        var folders = [Fixture.repositoryRoot.appendingPathComponent("Fixtures/scans")]
        if let samples = Fixture.samples { folders.append(samples) }
        var compared = 0
        for folder in folders {
            let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { ["json", "golden"].contains($0.pathExtension) } ?? []
            for file in files {
                let data = try Data(contentsOf: file)
                guard let theirs = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
                    #expect(throws: JSONSyntaxError.self, "\(file.path)") { try JSONDocument(parsing: data) }
                    continue
                }
                let ours = try JSONDocument(parsing: data)
                #expect(Self.same(ours.root, theirs), "\(file.path)")
                compared += 1
            }
        }
        #expect(compared >= 15)
    }
}
