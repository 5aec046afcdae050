import Foundation
import Testing
@testable import PostureScans

/// Scanner reports no scanner should write: huge, deeply nested, not UTF-8. Each is parsed or
/// refused with a ``ScanImportError`` naming the file, and never crashes.
@Suite("hostile scanner reports")
struct HostileReportTests {
    static let image = "sha256:" + String(repeating: "a", count: 64)

    @Test("a 100 MB Trivy report (50,000 findings with long descriptions) parses completely")
    func hundredMegabytes() throws {
        let description = String(repeating: "d", count: 2_000)
        var text = #"{"SchemaVersion":2,"ArtifactName":"big:1","ArtifactType":"container_image","Metadata":{"ImageID":"\#(Self.image)"},"Results":[{"Target":"big","Type":"debian","Vulnerabilities":["#
        text.reserveCapacity(105_000_000)
        for i in 0..<50_000 {
            if i > 0 { text += "," }
            text += #"{"VulnerabilityID":"CVE-2026-\#(i)","PkgName":"pkg\#(i % 500)","InstalledVersion":"1.0","Severity":"HIGH","Title":"t","Description":"\#(description)"}"#
        }
        text += "]}]}"
        let data = Data(text.utf8)
        #expect(data.count > 100_000_000)
        let reports = try ReportParser.parse(data, file: "big.json")
        #expect(reports.count == 1)
        #expect(reports[0].vulnerabilities.count == 50_000)
    }

    @Test("deeply nested JSON (100,000 levels) is refused as malformed, naming the file")
    func deeplyNested() throws {
        let depth = 100_000
        let text = #"{"SchemaVersion":2,"ArtifactType":"container_image","Results":"# + String(repeating: "[", count: depth)
            + String(repeating: "]", count: depth) + "}"
        do {
            _ = try ReportParser.parse(Data(text.utf8), file: "nested.json")
            Issue.record("a 100,000-level document was accepted")
        } catch let error as ScanImportError {
            #expect(error.file == "nested.json")
            #expect(error.errorDescription?.contains("nested.json") == true)
        }
    }

    @Test("bytes that are not UTF-8 are refused as malformed JSON, naming the file")
    func notUTF8() throws {
        var data = Data(#"{"SchemaVersion":2,"ArtifactType":"container_image","ArtifactName":""#.utf8)
        data.append(contentsOf: [0xFF, 0xFE, 0xC3, 0x28])
        data.append(contentsOf: Data(#"","Results":[]}"#.utf8))
        do {
            _ = try ReportParser.parse(data, file: "latin.json")
            Issue.record("invalid UTF-8 was accepted")
        } catch let error as ScanImportError {
            guard case .malformedJSON(let file, _) = error else {
                Issue.record("expected malformedJSON, got \(error)")
                return
            }
            #expect(file == "latin.json")
        }
    }

    @Test("a report of only NUL bytes or a UTF-16 report is refused, not read as empty")
    func binary() {
        #expect(throws: ScanImportError.self) { try ReportParser.parse(Data(repeating: 0, count: 1_000), file: "zeros.json") }
        let utf16 = #"{"SchemaVersion":2}"#.data(using: .utf16)!
        #expect(throws: ScanImportError.self) { try ReportParser.parse(utf16, file: "utf16.json") }
    }
}
