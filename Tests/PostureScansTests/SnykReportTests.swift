@testable import PostureScans
import Testing

@Suite struct SnykReportTests {
    @Test func readsContainerResultWithApplications() throws {
        let report = try Fixture.report("snyk/webapp-1.4.json")
        #expect(report.format == "snyk-json" && report.scanner == .snyk)
        #expect(report.scannerVersion == nil && report.scannedAt == nil && report.dbUpdatedAt == nil)
        #expect(report.subject.imageID == nil)
        #expect(report.subject.matchKind == .repoTag && report.subject.matchKey == webappTag)
        #expect(report.vulnerabilities.count == 5)  // 7 entries, 2 repeats for another dependency path
        #expect(report.duplicatesCollapsed == 2)
        #expect(report.criticalCount == 2)
        let byID = Dictionary(grouping: report.vulnerabilities, by: \.vulnerabilityID).mapValues { $0[0] }
        let zlib = try #require(byID["SNYK-DEBIAN12-ZLIB-6008963"])
        #expect(zlib.package == "zlib" && zlib.installedVersion == "1:1.2.13.dfsg-1" && zlib.target == "")
        #expect(zlib.aliases == ["CVE-2023-45853"] && zlib.cvssScore == 9.8 && zlib.status == "affected")
        #expect(byID["SNYK-DEBIAN12-APT-1541449"]?.cvssScore == nil)
        let semver = try #require(byID["SNYK-JS-SEMVER-3247795"])
        #expect(semver.target == "/app/package.json" && semver.packageType == "npm")
        #expect(semver.fixedVersion == "5.7.2, 6.3.1, 7.5.2" && semver.status == "fixed")
    }

    @Test func arrayMergesResultsOfOneImage() throws {
        let reports = try ReportParser.parse(fileAt: Fixture.path("snyk/array.json"))
        #expect(reports.count == 2)
        let webapp = try #require(reports.first { $0.subject.matchKey == webappTag })
        #expect(webapp.vulnerabilities.count == 5)
        #expect(webapp.vulnerabilities.filter { $0.target == "/app/package.json" }.count == 2)
        let worker = try #require(reports.first { $0.subject.matchKey == "registry.example.com/shop/worker:2.0" })
        #expect(worker.vulnerabilities.map(\.vulnerabilityID) == ["SNYK-DEBIAN12-GLIBC-6617121"])
        #expect(webapp.scanID != worker.scanID)
    }
}
