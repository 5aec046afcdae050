import Foundation
import PostureChecks
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@testable import PostureReport

@Suite("report formats: JSON, CSV, SARIF, JUnit, HTML")
struct MachineFormatTests {
    func scenario() throws -> Report {
        let fixture = try ReportFixture()
        return try fixture.report(try fixture.writeScenario(), timeline: true)
    }

    func object(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("JSON has stable top-level fields, the score and every result")
    func json() throws {
        let doc = try object(ReportFormat.json.render(try scenario(), options: ReportFixture.options))
        #expect(doc["kind"] as? String == "posture-report")
        #expect(Set(doc.keys) == [
            "kind", "format_version", "tool_version", "snapshot", "filters", "score", "totals", "by_severity",
            "by_section", "checks", "collector_issues", "availability", "notes",
        ])
        #expect((doc["score"] as? [String: Any])?["value"] as? Double == 40.0)
        let checks = try #require(doc["checks"] as? [[String: Any]])
        let privileged = try #require(checks.first { $0["check_id"] as? String == "ctr-privileged" })
        #expect(privileged["alarm"] as? Int == 1 && privileged["resources"] as? Int == 2)
        #expect(privileged["remediation"] as? String == "Recreate without --privileged.")
        #expect((privileged["results"] as? [Any])?.count == 2)
        #expect(checks.first { $0["check_id"] as? String == "img-retired" }?["known"] as? Bool == false)
    }

    @Test("CSV has a header and one row per result")
    func csv() throws {
        let text = ReportFormat.csv.render(try scenario(), options: ReportFixture.options)
        let lines = text.split(separator: "\r\n")
        #expect(lines.first == "snapshot_id,check_id,title,severity,section,resource,status,reason,cis,known,remediation")
        #expect(lines.count == 1 + 7)
        #expect(lines.contains { $0.hasPrefix("1,ctr-privileged,Privileged container,critical,container,unix:///var/run/docker.sock/containers/db,alarm,") })
    }

    @Test("SARIF 2.1.0: version, schema, driver, rules, results with ruleId, level, message and a resource location")
    func sarif() throws {
        let doc = try object(ReportFormat.sarif.render(try scenario(), options: ReportFixture.options))
        #expect(doc["version"] as? String == "2.1.0")
        #expect((doc["$schema"] as? String)?.hasSuffix("sarif-2.1.0.json") == true)
        let run = try #require((doc["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "posture")
        #expect(driver["version"] as? String == "0.0.0-test")
        let ruleIDs = try #require(driver["rules"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 4)
        for result in results {
            let ruleID = try #require(result["ruleId"] as? String)
            #expect(ruleIDs.contains(ruleID))
            #expect(ruleIDs.firstIndex(of: ruleID) == result["ruleIndex"] as? Int)
            let message = (result["message"] as? [String: Any])?["text"] as? String ?? ""
            #expect(message.contains(": "))
            #expect(["error", "warning", "note"].contains(result["level"] as? String ?? ""))
            let location = try #require((result["locations"] as? [[String: Any]])?.first)
            let logical = try #require((location["logicalLocations"] as? [[String: Any]])?.first)
            #expect((logical["name"] as? String)?.hasPrefix("unix:///var/run/docker.sock") == true)
            let uri = ((location["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?["uri"] as? String
            #expect(uri?.hasPrefix("posture/unix/var/run/docker.sock") == true)
        }
        let critical = results.first { $0["ruleId"] as? String == "ctr-privileged" }
        #expect(critical?["level"] as? String == "error")
    }

    @Test("JUnit parses as XML with one testcase per check × resource")
    func junit() throws {
        let text = ReportFormat.junit.render(try scenario(), options: ReportFixture.options)
        let counter = XMLCounter()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = counter
        #expect(parser.parse(), "JUnit output is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(counter.count["testcase"] == 7)
        #expect(counter.count["failure"] == 4)
        #expect(counter.count["skipped"] == 1)
        #expect(counter.count["testsuite"] == 5)
    }

    @Test("HTML is one self-contained file: inline SVG charts, print styles, nothing fetched")
    func html() throws {
        let text = ReportFormat.html.render(try scenario(), options: ReportFixture.options)
        #expect(text.contains("<svg"))
        #expect(text.contains("@media print"))
        for forbidden in ["<script", "<link", "@import", "url(http", "src=\"http", "href=\"http", "http://", "https://"] {
            #expect(!text.contains(forbidden), "HTML contains \(forbidden)")
        }
        #expect(text.contains("Recreate without --privileged."))
        #expect(text.contains("Alarms per snapshot, by severity"))
        #expect(text.contains("40.0%"))
    }
}

final class XMLCounter: NSObject, XMLParserDelegate {
    var count: [String: Int] = [:]

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        count[elementName, default: 0] += 1
    }
}
