import Foundation
import PostureFacts
@testable import PostureScans
import PostureStore
import Testing

/// `posture query --snapshot N` must answer vulnerabilities and scan attachments as they were at
/// snapshot N, through `ReadOnlyDatabase.scope(toSnapshot:)`.
@Suite struct SnapshotScopeTests {
    let imageA = "sha256:" + String(repeating: "a", count: 64)
    let imageB = "sha256:" + String(repeating: "b", count: 64)

    @Test func imageIDScanHistoryIsScoped() throws {
        let db = try TemporaryDatabase()
        try db.importReports([Fixture.path("trivy/webapp-1.4.json")])  // snapshot 1
        try db.importReports([Fixture.path("trivy/webapp-1.4-rescan.json")])  // snapshot 2
        let glibc = "SELECT count(*) FROM vulnerabilities WHERE vulnerability_id = 'CVE-2024-2961'"
        #expect(try db.int(glibc, snapshot: 1) == 1)
        #expect(try db.int(glibc, snapshot: 2) == 0)
        #expect(try db.int(glibc) == 0)
        #expect(try db.strings("SELECT severity FROM vulnerabilities WHERE vulnerability_id = 'CVE-2024-29041'", snapshot: 1) == ["medium"])
        #expect(try db.strings("SELECT scanned_at FROM scans", snapshot: 1) == ["2025-03-04T09:12:31Z"])
        #expect(try db.int("SELECT count(*) FROM vulnerabilities_history") == 11)
    }

    /// A Snyk scan (no image ID) follows its tag: unattached before the image exists, attached
    /// to whichever image carries the tag at each snapshot, replaced by a newer report.
    @Test func tagAttachmentFollowsTheTagThroughSnapshots() throws {
        let db = try TemporaryDatabase()
        try db.importReports([Fixture.path("snyk/webapp-1.4.json")])  // 1: no image yet
        try db.recordImages([(webappTag, imageA)])  // 2: the tag is on A
        try db.recordImages([(webappTag, imageB)])  // 3: the tag moved to B (A removed)
        let rescan = db.folder.appendingPathComponent("webapp-rescan.snyk.json")
        var json = try String(contentsOfFile: Fixture.path("snyk/webapp-1.4.json"), encoding: .utf8)
        json = json.replacingOccurrences(of: "SNYK-DEBIAN12-APT-1541449", with: "SNYK-DEBIAN12-APT-9999999")
        try json.write(to: rescan, atomically: true, encoding: .utf8)
        try db.importReports([rescan.path])  // 4: newer report of the same tag

        let perImage = "SELECT image_id || ':' || count(*) FROM vulnerabilities GROUP BY image_id"
        #expect(try db.strings(perImage, snapshot: 1) == [])
        #expect(try db.strings(perImage, snapshot: 2) == ["\(imageA):5"])
        #expect(try db.strings(perImage, snapshot: 3) == ["\(imageB):5"])
        #expect(try db.strings(perImage, snapshot: 4) == ["\(imageB):5"])
        #expect(try db.strings(perImage) == ["\(imageB):5"])
        let apt = "SELECT vulnerability_id FROM vulnerabilities WHERE package = 'apt'"
        #expect(try db.strings(apt, snapshot: 3) == ["SNYK-DEBIAN12-APT-1541449"])
        #expect(try db.strings(apt) == ["SNYK-DEBIAN12-APT-9999999"])
        #expect(try db.strings("SELECT image_id FROM scan_images", snapshot: 2) == [imageA])
        #expect(try db.strings("SELECT image_id FROM scan_images") == [imageB])
        // History: one interval per (finding, image) pairing.
        #expect(try db.strings("SELECT valid_from || '-' || ifnull(valid_to, '') FROM vulnerabilities_history WHERE package = 'zlib' ORDER BY valid_from")
            == ["2-3", "3-"])
    }

    /// Why vulnerabilities is a view over a derived `vulnerabilities_versions` view instead of a
    /// view joining the public views: SQLite binds the names in a main-schema view to
    /// main-schema objects, so such a view never sees the TEMP views snapshot scoping creates.
    @Test func viewJoiningPublicViewsIsNotScoped() throws {
        let db = try TemporaryDatabase()
        try db.importReports([Fixture.path("trivy/webapp-1.4.json")])
        try db.importReports([Fixture.path("trivy/webapp-1.4-rescan.json")])
        try db.database.write { database in
            try database.execute(sql: "CREATE VIEW naive_vulnerabilities AS SELECT * FROM scan_vulnerabilities")
        }
        let glibc = "vulnerability_id = 'CVE-2024-2961'"
        #expect(try db.int("SELECT count(*) FROM scan_vulnerabilities WHERE \(glibc)", snapshot: 1) == 1)
        #expect(try db.int("SELECT count(*) FROM naive_vulnerabilities WHERE \(glibc)", snapshot: 1) == 0)  // latest, not 1
        #expect(try db.int("SELECT count(*) FROM vulnerabilities WHERE \(glibc)", snapshot: 1) == 1)
    }
}
