import Foundation
import PostureFacts
import PostureScans
import PostureStore
import Testing

extension RealEngineTests {
    /// Issue #5 on the real engine: a Trivy report written for the image ID of the zoo's
    /// `zoo-ports` container (running, port 8080 published on every interface) and a Snyk
    /// report naming only its tag attach to that image and container, and the README's daily
    /// scanner queries answer with it.
    @Test("scanner reports for the zoo image attach to its running container; README scanner queries answer")
    func reportsAttachToRunningContainer() async throws {
        let h = try CollectHarness()
        let docker = try TestEngines.dockerEndpoint()
        try await h.collect([docker])
        let imageID = try #require(try h.value("SELECT image_id FROM containers WHERE name = 'zoo-ports' AND running"))
        let tag = "posture-test/busybox:1"

        let folder = h.folder + "/reports"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let trivy = folder + "/zoo.trivy.json"
        let snyk = folder + "/zoo.snyk.json"
        try Self.trivyReport(imageID: imageID, tag: tag).write(toFile: trivy, atomically: true, encoding: .utf8)
        try Self.snykReport(tag: tag).write(toFile: snyk, atomically: true, encoding: .utf8)

        let planned = ScanImport.plan(try ScanImport.load(files: [trivy, snyk]), recorded: [])
        #expect(planned.map(\.decision) == [.new, .new])
        #expect(planned.map(\.report.subject.matchKind) == [.imageID, .repoTag])
        try h.store.writeSnapshot(
            SnapshotInput(
                takenAt: ISO8601DateFormatter().string(from: Date()), host: "test", toolVersion: "test",
                results: [ScanImport.collectorResult(planned)]))

        // Both scans attach to the image on the Docker engine: one by ID, one by tag.
        #expect(
            try h.rows("SELECT scanner, match_kind FROM scan_images WHERE engine_id = '\(docker.id)' AND image_id = '\(imageID)' ORDER BY scanner")
                == ["snyk|repo_tag", "trivy|image_id"])
        // Their findings apply to the running container.
        #expect(
            try h.rows(
                """
                SELECT DISTINCT v.scanner, v.vulnerability_id FROM containers c JOIN vulnerabilities v ON v.image_id = c.image_id
                WHERE c.name = 'zoo-ports' AND c.engine_id = '\(docker.id)' ORDER BY 1, 2
                """) == ["snyk|SNYK-ZOO-BUSYBOX-0001", "trivy|CVE-2099-0001", "trivy|CVE-2099-0002"])

        // The README's scanner queries run and answer from these reports.
        let statements = try Self.readmeSQL()
        let wildcard = try #require(statements.first { $0.contains("p.wildcard") && $0.contains("vulnerabilities") })
        let exposed = try h.rows(wildcard)
        #expect(exposed.contains { $0.hasPrefix("zoo-ports|8080|CVE-2099-0001|critical|busybox|1.36.1|1.36.2") }, "\(exposed)")
        #expect(!exposed.contains { $0.contains("CVE-2099-0002") }, "no fix, low: not listed")
        let perImage = try #require(statements.first { $0.contains("critical_count") })
        #expect(try h.rows(perImage).contains { $0.contains("trivy") && $0.contains("|1|2") })
        let unscanned = try #require(statements.first { $0.contains("nobody scanned") })
        #expect(!(try h.rows(unscanned)).contains { $0.hasSuffix(imageID) })
    }

    static func trivyReport(imageID: String, tag: String) -> String {
        """
        {
          "SchemaVersion": 2, "CreatedAt": "\(ISO8601DateFormatter().string(from: Date()))",
          "ArtifactName": "\(tag)", "ArtifactType": "container_image",
          "Metadata": {"ImageID": "\(imageID)", "RepoTags": ["\(tag)"], "RepoDigests": []},
          "Trivy": {"Version": "0.58.1"},
          "Results": [{"Target": "\(tag)", "Class": "os-pkgs", "Type": "busybox", "Vulnerabilities": [
            {"VulnerabilityID": "CVE-2099-0001", "PkgName": "busybox", "InstalledVersion": "1.36.1",
             "FixedVersion": "1.36.2", "Severity": "CRITICAL", "Title": "busybox: test finding with a fix",
             "CVSS": {"nvd": {"V3Score": 9.8}}},
            {"VulnerabilityID": "CVE-2099-0002", "PkgName": "busybox", "InstalledVersion": "1.36.1",
             "Severity": "LOW", "Title": "busybox: test finding without a fix"}
          ]}]
        }
        """
    }

    static func snykReport(tag: String) -> String {
        """
        {"ok": false, "packageManager": "apk", "docker": {"image": "\(tag)"}, "path": "\(tag)",
         "vulnerabilities": [{"id": "SNYK-ZOO-BUSYBOX-0001", "title": "Test finding", "packageName": "busybox",
           "version": "1.36.1", "severity": "high", "fixedIn": []}]}
        """
    }
}
