import Foundation
import PostureFacts
@testable import PostureScans
import PostureStore
import Testing

@Suite struct ScannerRunnerTests {
    @Test func commandLines() {
        let id = "sha256:" + String(repeating: "a", count: 64)
        #expect(ScannerRunner.arguments(for: .trivy, image: id) == ["image", "--format", "json", "--quiet", "--image-src", "docker", id])
        #expect(ScannerRunner.arguments(for: .grype, image: id) == ["docker:" + id, "-o", "json", "-q"])
    }

    @Test func noScannerInstalledSaysSo() {
        let runner = ScannerRunner(environment: ["PATH": "/nonexistent/bin:/also-not-there"])
        #expect(runner.installed.isEmpty)
        let outcome = runner.scan(images: ["sha256:" + String(repeating: "a", count: 64)])
        #expect(outcome.tool == nil && outcome.reports.isEmpty && outcome.failures.isEmpty)
        let note = outcome.note ?? ""
        #expect(note.contains("no scanner installed: neither trivy nor grype is on PATH (/nonexistent/bin:/also-not-there)"))
        #expect(note.contains("posture import"))
    }

    /// A stand-in `trivy` on PATH (no scanner is installable from Debian, and a real one needs
    /// its vulnerability database from the network): a shell script that keeps Trivy's CLI
    /// contract — `trivy version --format json` prints the database time, `trivy image --format
    /// json … IMAGE` prints a report on stdout or fails with a message on stderr. It logs its
    /// arguments and `DOCKER_HOST`, so the test sees what the runner asked for.
    static func standInTrivy(in folder: URL, log: String) throws -> String {
        let script = """
            #!/bin/sh
            echo "$DOCKER_HOST $@" >> '\(log)'
            if [ "$1" = version ]; then
              echo '{"Version":"0.58.1","VulnerabilityDB":{"Version":2,"UpdatedAt":"2025-03-04T00:12:05.123Z"}}'
              exit 0
            fi
            for last; do :; done
            case "$last" in
              *bad*) echo "unable to find the image" >&2; exit 1 ;;
            esac
            sleep 0.2
            cat '\(Fixture.path("trivy/webapp-1.4.json"))'
            """
        let trivy = folder.appendingPathComponent("trivy").path
        try script.write(toFile: trivy, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: trivy)
        return trivy
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("posture-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func runsTheScannerFoundOnPathAgainstEachImagesEngine() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("args.log").path
        _ = try Self.standInTrivy(in: folder, log: log)

        let runner = ScannerRunner(environment: ["PATH": folder.path + ":/usr/bin:/bin"], timeout: 30)
        #expect(runner.installed == [.trivy])
        let targets = [
            CollectScan.Target(engineID: "unix:///run/test/docker.sock", imageID: webappImageID),
            CollectScan.Target(engineID: "unix:///run/test/podman.sock", imageID: "bad-image"),
        ]
        let outcome = runner.scan(targets, concurrency: 2)
        #expect(outcome.tool == .trivy && outcome.note == nil)
        #expect(outcome.reports.count == 1)
        #expect(outcome.reports.first?.dbUpdatedAt == "2025-03-04T00:12:05Z")
        #expect(outcome.reports.first?.vulnerabilities.count == 9)
        #expect(outcome.failures.map(\.image) == ["bad-image"])
        #expect(outcome.failures.first?.reason.contains("unable to find the image") == true)
        let calls = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(calls.contains("unix:///run/test/docker.sock image --format json --quiet --image-src docker \(webappImageID)"))
        #expect(calls.contains("unix:///run/test/podman.sock image --format json --quiet --image-src docker bad-image"))
    }

    @Test func scansRunAtMostConcurrencyAtOnce() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A stand-in that records how many copies of itself run at the same time.
        let counter = folder.appendingPathComponent("running").path
        let peak = folder.appendingPathComponent("peak").path
        let script = """
            #!/bin/sh
            [ "$1" = version ] && exit 1
            mkdir -p '\(counter)'; touch '\(counter)'/$$
            ls '\(counter)' | wc -l >> '\(peak)'
            sleep 0.3
            rm '\(counter)'/$$
            cat '\(Fixture.path("trivy/webapp-1.4.json"))'
            """
        let trivy = folder.appendingPathComponent("trivy").path
        try script.write(toFile: trivy, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: trivy)
        let runner = ScannerRunner(environment: ["PATH": folder.path + ":/usr/bin:/bin"], timeout: 30)
        let targets = (0..<6).map { CollectScan.Target(engineID: nil, imageID: "image-\($0)") }
        let seen = ProgressLog()
        let outcome = runner.scan(targets, concurrency: 2, progress: { done, total in seen.add(done, total) })
        #expect(outcome.reports.count == 6 && outcome.failures.isEmpty)
        let counts = try String(contentsOfFile: peak, encoding: .utf8).split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        #expect(counts.count == 6)
        #expect(counts.max() ?? 0 <= 2, "at most 2 scanners at once, saw \(counts)")
        #expect(seen.values.map(\.0).sorted() == [1, 2, 3, 4, 5, 6] && seen.values.allSatisfy { $0.1 == 6 })
    }

    @Test func collectScanWithoutScannerIsASkippedNoOp() throws {
        let runner = ScannerRunner(environment: ["PATH": "/nonexistent/bin"])
        let outcome = CollectScan.run(
            targets: [CollectScan.Target(engineID: "unix:///var/run/docker.sock", imageID: webappImageID)],
            alreadyScanned: [], recorded: [], runner: runner, concurrency: 2)
        #expect(outcome.result.collector == "scan" && outcome.result.status == .skipped)
        #expect(outcome.result.facts.isEmpty)
        #expect(outcome.result.error?.contains("neither trivy nor grype is on PATH") == true)
        #expect(outcome.note.hasPrefix("scan skipped: no scanner installed"))
    }

    @Test func collectScanRecordsAFailedImageAndWritesTheOthers() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Self.standInTrivy(in: folder, log: folder.appendingPathComponent("log").path)
        let runner = ScannerRunner(environment: ["PATH": folder.path + ":/usr/bin:/bin"], timeout: 30)
        let other = "sha256:" + String(repeating: "f", count: 64)
        let targets = [
            CollectScan.Target(engineID: "unix:///e.sock", imageID: webappImageID),
            CollectScan.Target(engineID: "unix:///e.sock", imageID: "sha256:bad" + String(repeating: "0", count: 61)),
            CollectScan.Target(engineID: "unix:///e.sock", imageID: other),
        ]
        // `other` already has a scan with the current database: not scanned again.
        let outcome = CollectScan.run(targets: targets, alreadyScanned: [other], recorded: [], runner: runner, concurrency: 2)
        #expect(outcome.result.status == .partial)
        #expect(outcome.result.error?.contains("sha256:bad") == true && outcome.result.error?.contains("unable to find the image") == true)
        #expect(outcome.result.itemCount == 1)
        #expect(outcome.note == "scan: trivy scanned 1 image, 1 failed (see posture snapshots --show latest)")

        let db = try TemporaryDatabase()
        try db.database.writeSnapshot(
            SnapshotInput(takenAt: "2025-03-04T10:00:00Z", host: "test", toolVersion: "test", results: [outcome.result]))
        #expect(try db.int("SELECT count(*) FROM scan_vulnerabilities") == 9)
        #expect(try db.strings("SELECT status FROM snapshot_collectors WHERE collector = 'scan'") == ["partial"])
        #expect(try db.strings("SELECT db_updated_at FROM scans") == ["2025-03-04T00:12:05Z"])
        // The next collect's query finds the image scanned with this database, not with a newer one.
        #expect(try db.strings(CollectScan.scannedQuery(tool: .trivy, databaseBuiltAt: "2025-03-04T00:12:05Z")) == [webappImageID])
        #expect(try db.strings(CollectScan.scannedQuery(tool: .trivy, databaseBuiltAt: "2025-03-05T00:00:00Z")).isEmpty)
        #expect(try db.strings(CollectScan.scannedQuery(tool: .grype, databaseBuiltAt: nil)).isEmpty)
    }

    @Test func targetsAreTheCollectedImagesOnce() {
        let a = "sha256:" + String(repeating: "a", count: 64)
        let b = "sha256:" + String(repeating: "b", count: 64)
        func images(_ engine: String, _ ids: [String], status: CollectorResult.Status = .ok) -> CollectorResult {
            var set = FactSet(table: "images", columns: ["engine_id", "image_id"], keyColumns: ["image_id"], scope: ["engine_id": .text(engine)])
            for id in ids { set.append(["engine_id": .text(engine), "image_id": .text(id)]) }
            return CollectorResult(collector: "images", engineID: engine, status: status, facts: [set])
        }
        let targets = CollectScan.targets(in: [images("unix:///d.sock", [b, a]), images("unix:///p.sock", [a]), images("unix:///x.sock", ["sha256:x"], status: .failed)])
        #expect(targets == [CollectScan.Target(engineID: "unix:///d.sock", imageID: a), CollectScan.Target(engineID: "unix:///d.sock", imageID: b)])
    }
}

/// Progress calls seen from the scanning threads.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [(Int, Int)] = []
    func add(_ done: Int, _ total: Int) {
        lock.lock()
        calls.append((done, total))
        lock.unlock()
    }
    var values: [(Int, Int)] {
        lock.lock()
        defer { lock.unlock() }
        return calls
    }
}
