import Foundation
@testable import PostureScans
import Testing

/// Bad input is refused with a typed error naming the file, the reason and what to do.
@Suite struct RefusalTests {
    static let cases: [(file: String, kind: String, words: [String])] = [
        ("trivy/repository-artifact.json", "wrongArtifact", ["trivy report of ArtifactType repository", "not of a container image", "trivy image"]),
        ("trivy/filesystem-artifact.json", "wrongArtifact", ["filesystem"]),
        ("trivy/legacy-array.json", "unsupportedFormat", ["before Trivy 0.20", "re-run"]),
        ("trivy/schema-version-3.json", "unsupportedFormat", ["SchemaVersion 3"]),
        ("trivy/truncated.json", "malformedJSON", ["not valid JSON (Unexpected end of file during JSON parse)", "truncated"]),
        ("grype/directory-source.json", "wrongArtifact", ["source type directory", "/src", "grype IMAGE -o json"]),
        ("snyk/open-source-project.json", "wrongArtifact", ["snyk report of package manager npm (/src/webapp)", "snyk container test"]),
        ("snyk/error.json", "scannerError", ["Could not find image"]),
        ("other/not-json.txt", "notJSON", ["is not JSON", "--format json"]),
        ("other/unknown-format.json", "unknownFormat", ["not a Trivy, Grype or Snyk", "dependencies"]),
        ("other/trivy-sarif.json", "unsupportedFormat", ["SARIF"]),
        ("other/cyclonedx.json", "unsupportedFormat", ["CycloneDX"]),
    ]

    @Test(arguments: cases.map(\.file))
    func refuses(file: String) throws {
        let expected = try #require(Self.cases.first { $0.file == file })
        let path = Fixture.path(file)
        do {
            _ = try ReportParser.parse(fileAt: path)
            Issue.record("\(file) was accepted")
        } catch let error as ScanImportError {
            #expect(Self.kind(error) == expected.kind)
            #expect(error.file == path)
            let message = try #require(error.errorDescription)
            #expect(message.contains(path), "message names the file: \(message)")
            for word in expected.words {
                #expect(message.contains(word), "message has '\(word)': \(message)")
            }
        }
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: ScanImportError.self) { try ReportParser.parse(fileAt: "/nonexistent/report.json") }
        do {
            _ = try ReportParser.parse(fileAt: "/nonexistent/report.json")
        } catch let error as ScanImportError {
            #expect(Self.kind(error) == "unreadable")
            #expect(error.errorDescription?.contains("/nonexistent/report.json") == true)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func emptyFileIsRefused() {
        #expect(throws: ScanImportError.malformedJSON(file: "empty.json", reason: "the file is empty")) {
            try ReportParser.parse(Data(), file: "empty.json")
        }
    }

    @Test func wrongTypeNamesTheMember() throws {
        let json = #"{"SchemaVersion": 2, "ArtifactType": "container_image", "Metadata": {"ImageID": "sha256:\#(String(repeating: "a", count: 64))"}, "Results": [{"Target": "x", "Vulnerabilities": [{"VulnerabilityID": 5, "PkgName": "p"}]}]}"#
        do {
            _ = try ReportParser.parse(Data(json.utf8), file: "bad-type.json")
            Issue.record("accepted")
        } catch let error as ScanImportError {
            guard case .invalidReport(let file, let format, let reason) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(file == "bad-type.json" && format == "Trivy JSON")
            #expect(reason.contains("Results[0].Vulnerabilities[0].VulnerabilityID"), "\(reason)")
        }
    }

    @Test func loadIsAllOrNothingAndListsEveryBadFile() {
        let files = [
            Fixture.path("trivy/webapp-1.4.json"), Fixture.path("trivy/truncated.json"),
            Fixture.path("grype/webapp-1.4.json"), Fixture.path("other/not-json.txt"),
        ]
        do {
            _ = try ScanImport.load(files: files)
            Issue.record("accepted")
        } catch let error as ScanImportError {
            #expect(error.all.compactMap(\.file) == [files[1], files[3]])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    static func kind(_ error: ScanImportError) -> String {
        switch error {
        case .unreadable: return "unreadable"
        case .notJSON: return "notJSON"
        case .malformedJSON: return "malformedJSON"
        case .unknownFormat: return "unknownFormat"
        case .unsupportedFormat: return "unsupportedFormat"
        case .wrongArtifact: return "wrongArtifact"
        case .invalidReport: return "invalidReport"
        case .scannerError: return "scannerError"
        case .noReports: return "noReports"
        case .several: return "several"
        }
    }
}
