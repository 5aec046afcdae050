@testable import PostureScans
import Testing

@Suite struct TrivyReportTests {
    @Test func readsIdentityAndTimes() throws {
        let report = try Fixture.report("trivy/webapp-1.4.json")
        #expect(report.format == "trivy-json-v2")
        #expect(report.scanner == .trivy)
        #expect(report.scannerVersion == "0.58.1")
        #expect(report.scannedAt == "2025-03-04T09:12:31Z")
        #expect(report.dbUpdatedAt == nil)  // Trivy's JSON does not say
        #expect(report.os == "debian 12.5")
        #expect(report.subject.imageID == webappImageID)
        #expect(report.subject.imageRef == webappTag)
        #expect(report.subject.matchKind == .imageID)
        #expect(report.subject.repoDigests.first?.hasPrefix("registry.example.com/shop/webapp@sha256:9a8b") == true)
    }

    @Test func collapsesDuplicatesButKeepsOtherPaths() throws {
        let report = try Fixture.report("trivy/webapp-1.4.json")
        #expect(report.vulnerabilities.count == 9)
        #expect(report.duplicatesCollapsed == 1)
        let semver = report.vulnerabilities.filter { $0.vulnerabilityID == "CVE-2022-25883" }
        #expect(semver.map(\.pkgPath).sorted() == [
            "app/node_modules/make-dir/node_modules/semver/package.json", "app/node_modules/semver/package.json",
        ])
        #expect(report.criticalCount == 2)
    }

    @Test func mapsFields() throws {
        let report = try Fixture.report("trivy/webapp-1.4.json")
        let byID = Dictionary(grouping: report.vulnerabilities, by: \.vulnerabilityID).mapValues { $0[0] }
        let zlib = try #require(byID["CVE-2023-45853"])
        #expect(zlib.package == "zlib1g" && zlib.installedVersion == "1:1.2.13.dfsg-1")
        #expect(zlib.fixedVersion == nil && zlib.status == "will_not_fix")
        #expect(zlib.severity == .critical && zlib.cvssScore == 9.8)  // SeveritySource nvd
        #expect(zlib.target == "registry.example.com/shop/webapp:1.4 (debian 12.5)" && zlib.packageType == "debian")
        #expect(zlib.pkgPath == "")
        let semver = try #require(byID["CVE-2022-25883"])
        #expect(semver.cvssScore == 7.5 && semver.fixedVersion == "7.5.2, 6.3.1, 5.7.2")
        #expect(byID["CVE-2023-4039"]?.cvssScore == nil)  // no CVSS member
        let apt = try #require(byID["CVE-2011-3374"])
        #expect(apt.cvssScore == nil)  // "CVSS": null
        #expect(apt.title?.hasPrefix("It was found that apt-key") == true)  // no Title: first line of Description
        #expect(apt.title?.contains("Second line") == false)
        #expect(byID["TEMP-0841856-B18BAF"]?.severity == .unknown)
    }

    @Test func readsSecretsWithoutTheirValuesAndMisconfigurations() throws {
        let report = try Fixture.report("trivy/webapp-1.4.json")
        #expect(report.secrets.count == 1)
        let secret = try #require(report.secrets.first)
        #expect(secret.ruleID == "aws-access-key-id" && secret.target == "/app/config/deploy.env")
        #expect(secret.startLine == 3 && secret.severity == .critical && secret.category == "AWS")
        #expect(report.misconfigurations.count == 1)
        #expect(report.misconfigurations.first?.checkID == "AVD-DS-0002")
        #expect(report.failedMisconfigurationCount == 1)
    }

    @Test func reportWithoutResultsKeyHasNoFindings() throws {
        let report = try Fixture.report("trivy/no-results-key.json")
        #expect(report.vulnerabilities.isEmpty && report.secrets.isEmpty)
        #expect(report.subject.matchKind == .imageID)
        #expect(report.subject.repoDigests.isEmpty)
    }

    @Test func emptyAndNullVulnerabilityListsAreEmpty() throws {
        let report = try Fixture.report("trivy/empty-results.json")
        #expect(report.vulnerabilities.isEmpty)
        #expect(report.os == "alpine 3.20.3")
    }

    @Test func sameImageGivesSameScanID() throws {
        let first = try Fixture.report("trivy/webapp-1.4.json")
        let rescan = try Fixture.report("trivy/webapp-1.4-rescan.json")
        #expect(first.scanID == rescan.scanID)
        #expect(first.sourceSHA256 != rescan.sourceSHA256)
        #expect(first.scanID.hasPrefix("trivy-"))
    }
}
