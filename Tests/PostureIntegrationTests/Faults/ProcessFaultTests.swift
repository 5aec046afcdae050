import Foundation
import GRDB
import Testing

// Nested in the serialized "real engines" suite: it creates containers (or stops engines
// behind a proxy) that other real-engine tests must not see mid-collect.
extension RealEngineTests {
    /// Faults of the `posture` process itself, on the real binary and the real engine: killed with
    /// SIGKILL at random moments (and at the moment its transaction starts writing), two or three
    /// collects started at once on one database, a collect that finds the database locked.
    @Suite("faults: the collect process", .serialized)
    struct ProcessFaultTests {
        @Test("SIGKILL at random moments and while the snapshot is being written: nothing lost, nothing half written")
        func sigkill() throws {
            let bench = try FaultBench()
            var state = try bench.cleanCollect()
            let proxy = try bench.proxy()
            defer { proxy.stop() }
            let normal = try bench.collect()
            #expect(normal.status == 0, "\(normal.stderr)")
            state = try DatabaseState.capture(bench.db)
            for round in 0..<6 {
                let running = try PostureCLI.start(PostureCLI.collectArguments(db: bench.db, engine: bench.engineURL))
                if round.isMultiple(of: 2) {
                    usleep(UInt32(Double.random(in: 0...(normal.seconds * 1.1)) * 1_000_000))
                } else {
                    WriteWatcher(path: bench.db + "-wal").waitForChange(timeout: normal.seconds * 3)
                }
                running.kill9()
                let outcome = running.wait()
                #expect(outcome.status == SIGKILL || outcome.status == 0, "round \(round): \(outcome.stderr)")
                // A reader straight after the kill (before any writer) sees a consistent file.
                state = try FaultInvariants.check(bench.db, before: state)
            }
            try bench.expectRecovered(from: state)
        }

        @Test("three collects started at once on a new database all succeed, one after the other")
        func concurrentOnNewDatabase() throws {
            let bench = try FaultBench()
            let proxy = try bench.proxy()
            defer { proxy.stop() }
            let runs = try (0..<3).map { _ in try PostureCLI.start(PostureCLI.collectArguments(db: bench.db, engine: bench.engineURL)) }
            let outcomes = runs.map { $0.wait() }
            for outcome in outcomes { #expect(outcome.status == 0, "\(outcome.stderr)") }
            #expect(try FaultInvariants.integrityProblems(bench.db).isEmpty)
            #expect(try FaultInvariants.halfSnapshots(bench.db).isEmpty)
            #expect(try bench.rows("SELECT id, status FROM snapshots ORDER BY id") == ["1|complete", "2|complete", "3|complete"])
            // One key for all three: the later snapshots saw no env value change.
            let key = try Data(contentsOf: URL(fileURLWithPath: bench.db + ".key"))
            #expect(key.count == 32)
            #expect(try bench.rows("SELECT count(*) FROM container_env_history WHERE valid_to IS NOT NULL") == ["0"])
            #expect(try bench.rows("SELECT count(*) FROM containers_history WHERE valid_from > 1") == ["0"])
        }

        @Test("two collects at once on a database in use: both write whole snapshots, never interleaved")
        func concurrentOnExistingDatabase() throws {
            let bench = try FaultBench()
            let before = try bench.cleanCollect()
            let proxy = try bench.proxy()
            defer { proxy.stop() }
            let runs = try (0..<2).map { _ in try PostureCLI.start(PostureCLI.collectArguments(db: bench.db, engine: bench.engineURL)) }
            for outcome in runs.map({ $0.wait() }) { #expect(outcome.status == 0, "\(outcome.stderr)") }
            let after = try FaultInvariants.check(bench.db, before: before, newSnapshotsAtMost: 2)
            #expect(after.snapshotIDs.count == before.snapshotIDs.count + 2)
            // Each snapshot's collectors belong to it alone: one row per collector, none shared.
            #expect(try bench.rows(
                "SELECT snapshot_id, collector, count(*) FROM snapshot_collectors GROUP BY 1, 2 HAVING count(*) > 1").isEmpty)
        }

        @Test("a database locked by another writer: collect, import and prune wait up to --lock-timeout, then say so and write nothing")
        func lockedByWriter() throws {
            let bench = try FaultBench()
            let before = try bench.cleanCollect()
            let proxy = try bench.proxy()
            defer { proxy.stop() }
            let holder = try FaultInvariants.holderQueue(bench.db)
            try holder.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
            let refused = try bench.collect(["--lock-timeout", "1"])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("is locked"), "\(refused.stderr)")
            #expect(refused.stderr.contains("--lock-timeout"), "\(refused.stderr)")
            #expect(refused.seconds >= 1)
            // The other writers honour the same option and say the same.
            let report = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/scans/trivy/webapp-1.4.json").path
            for arguments in [
                ["import", "--db", bench.db, "--lock-timeout", "1", report],
                ["prune", "--db", bench.db, "--keep-snapshots", "1", "--lock-timeout", "1"],
            ] {
                let other = try PostureCLI.run(arguments)
                #expect(other.status == 1, "\(arguments[0]): \(other.stderr)")
                #expect(other.stderr.contains("is locked") && other.stderr.contains("--lock-timeout"), "\(arguments[0]): \(other.stderr)")
                #expect(other.seconds >= 1 && other.seconds < 20, "\(arguments[0]) waited \(other.seconds) s")
            }
            try holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
            try FaultInvariants.check(bench.db, before: before, newSnapshotsAtMost: 0)

            // A lock released within the timeout only delays the collect.
            try holder.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
            let waiting = try PostureCLI.start(PostureCLI.collectArguments(db: bench.db, engine: bench.engineURL) + ["--lock-timeout", "60"])
            sleep(3)
            try holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
            let waited = waiting.wait()
            #expect(waited.status == 0, "\(waited.stderr)")
            try bench.expectRecovered(from: before, newSnapshotsAtMost: 1)
        }
    }
}

/// Polls a file's size and modification time until it changes (the first write of a
/// transaction to the WAL), so a kill lands inside the write rather than before or after it.
struct WriteWatcher {
    let path: String

    func waitForChange(timeout: Double) {
        let first = signature()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if signature() != first { return }
            usleep(200)
        }
    }

    private func signature() -> [Int] {
        var info = stat()
        guard stat(path, &info) == 0 else { return [-1] }
        return [Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_ino)]
    }
}
