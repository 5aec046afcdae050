import Foundation
import Testing

@testable import PostureReport

/// Whole-output expectations for the small scenario (``ReportFixture/writeScenario()``) and the
/// drift diff, kept in `Golden/`. Run with `POSTURE_UPDATE_GOLDEN=1` to rewrite them after an
/// intended change, then review the diff of the files.
///
/// Only what does not depend on which optional tables the schema has is compared: the note
/// about a missing daemons table is dropped, and JSON (whose diff lists every table compared)
/// is checked field by field in ``MachineFormatTests`` instead.
@Suite("golden outputs")
struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func check(_ actual: String, _ name: String) throws {
        let url = Self.folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["POSTURE_UPDATE_GOLDEN"] != nil {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(Self.normalised(actual) == Self.normalised(expected), "\(name) differs from Golden/\(name) (POSTURE_UPDATE_GOLDEN=1 rewrites it)")
    }

    static func normalised(_ text: String) -> String {
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.contains("no daemons table") {
            if line.isEmpty && lines.last?.isEmpty == true { continue }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    @Test("report: text, markdown and CSV")
    func report() throws {
        let fixture = try ReportFixture()
        let report = try fixture.report(try fixture.writeScenario())
        try check(ReportFormat.text.render(report, options: ReportFixture.options), "report.txt")
        try check(ReportFormat.markdown.render(report, options: ReportFixture.options), "report.md")
        try check(ReportFormat.csv.render(report, options: ReportFixture.options), "report.csv")
    }

    @Test("diff: text and markdown")
    func diff() throws {
        let diff = try DiffTests().drift().diff(1, 2)
        try check(ReportFormat.text.render(diff, options: ReportFixture.options), "diff.txt")
        try check(ReportFormat.markdown.render(diff, options: ReportFixture.options), "diff.md")
    }
}
