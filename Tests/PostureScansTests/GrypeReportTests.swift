@testable import PostureScans
import Testing

@Suite struct GrypeReportTests {
    @Test func readsCurrentLayout() throws {
        let report = try Fixture.report("grype/webapp-1.4.json")
        #expect(report.format == "grype-json" && report.scanner == .grype)
        #expect(report.scannerVersion == "0.87.0")
        #expect(report.dbUpdatedAt == "2025-03-04T01:31:39Z")  // descriptor.db.status.built
        #expect(report.scannedAt == "2025-03-04T09:15:02Z")  // +01:00 converted to UTC
        #expect(report.os == "debian 12")
        #expect(report.subject.matchKind == .imageID && report.subject.imageID == webappImageID)
        #expect(report.subject.repoTags == [webappTag])
    }

    @Test func readsOldLayout() throws {
        let report = try Fixture.report("grype/worker-1.9-old-layout.json")
        #expect(report.scannerVersion == "0.65.1")
        #expect(report.dbUpdatedAt == "2023-08-15T01:24:07Z")  // descriptor.db.built
        #expect(report.scannedAt == "2023-08-15T16:00:03Z")
        #expect(report.vulnerabilities.count == 1)
        #expect(report.vulnerabilities.first?.fixedVersion == "1.3-r2")
    }

    @Test func mapsMatches() throws {
        let report = try Fixture.report("grype/webapp-1.4.json")
        #expect(report.vulnerabilities.count == 7)
        #expect(report.duplicatesCollapsed == 1)
        let byID = Dictionary(grouping: report.vulnerabilities, by: \.vulnerabilityID).mapValues { $0[0] }
        let zlib = try #require(byID["CVE-2023-45853"])
        #expect(zlib.severity == .critical && zlib.status == "wont-fix" && zlib.fixedVersion == nil)
        #expect(zlib.cvssScore == 9.8)  // only the related NVD record has a score
        #expect(zlib.title?.hasPrefix("MiniZip in zlib through 1.3") == true)
        #expect(zlib.pkgPath == "/var/lib/dpkg/status" && zlib.packageType == "deb")
        #expect(byID["CVE-2024-2961"]?.fixedVersion == "2.36-9+deb12u7")
        #expect(byID["CVE-2024-2961"]?.cvssScore == 8.8)
        #expect(byID["CVE-2023-4039"]?.severity == .negligible)
        #expect(byID["CVE-2023-4039"]?.title == nil)
        #expect(byID["CVE-2011-3374"]?.severity == .unknown)  // no severity member
        #expect(report.vulnerabilities.filter { $0.vulnerabilityID == "GHSA-c2qf-rxjj-qqgw" }.count == 2)
        #expect(byID["CVE-2024-0001"]?.pkgPath == "/app/lib/example-lib-1.0.0.jar")  // first of two locations
        #expect(report.criticalCount == 1)
    }
}
