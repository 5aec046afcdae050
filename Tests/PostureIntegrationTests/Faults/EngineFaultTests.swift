import Foundation
import Testing

// Nested in the serialized "real engines" suite: it creates containers (or stops engines
// behind a proxy) that other real-engine tests must not see mid-collect.
extension RealEngineTests {
    /// Faults on the engine side, on the real private Docker engine behind a ``FaultProxy``: the
    /// engine stops while containers are being inspected (or half-way through an answer), its
    /// socket vanishes, a container disappears between the list and its inspect.
    @Suite("faults: the engine", .serialized)
    struct EngineFaultTests {
        enum Stop: String, CaseIterable, Sendable {
            case beforeContainerInspect, midContainerInspectAnswer, midImageHistoryAnswer, beforeInfo

            func action(_ path: String) -> FaultProxy.Action {
                switch self {
                case .beforeContainerInspect: return isContainerInspect(path) ? .stopEngine : .forward
                case .midContainerInspectAnswer: return isContainerInspect(path) ? .stopMidAnswer : .forward
                case .midImageHistoryAnswer: return isImageHistory(path) ? .stopMidAnswer : .forward
                case .beforeInfo: return path.hasSuffix("/info") ? .stopEngine : .forward
                }
            }
        }

        @Test("the engine stops in the middle of a collect: partial snapshot, facts kept, next collect works", arguments: Stop.allCases)
        func engineStops(_ stop: Stop) throws {
            let bench = try FaultBench()
            let before = try bench.cleanCollect()
            let containersBefore = try bench.rows("SELECT container_id FROM containers ORDER BY 1")
            let imagesBefore = try bench.rows("SELECT image_id FROM images ORDER BY 1")

            let proxy = try bench.proxy { stop.action($0) }
            let started = ContinuousClock.now
            let outcome = try bench.collect(["--timeout", "10"])
            let elapsed = ContinuousClock.now - started
            proxy.stop()
            #expect(outcome.status == 2, "\(outcome.stderr)")
            // Once the engine is found gone, nothing more is asked of it: the collect ends well
            // within one request timeout (each request used to wait out its own, reconnecting).
            #expect(elapsed < .seconds(8), "the collect after the engine stopped took \(elapsed): \(outcome.stderr)")
            #expect(outcome.stderr.contains("warning:"), "\(outcome.stderr)")
            try FaultInvariants.check(bench.db, before: before)
            #expect(try bench.rows("SELECT status FROM snapshots ORDER BY id DESC LIMIT 1") != ["complete"])
            // Nothing is read as "removed": what the engine could not tell stays as it was.
            #expect(try bench.rows("SELECT container_id FROM containers ORDER BY 1") == containersBefore)
            #expect(try bench.rows("SELECT image_id FROM images ORDER BY 1") == imagesBefore)
            let failed = try bench.rows(
                "SELECT collector FROM snapshot_collectors WHERE snapshot_id = (SELECT max(id) FROM snapshots) AND status <> 'ok' ORDER BY 1")
            #expect(!failed.isEmpty)
            if stop == .beforeInfo {
                #expect(try bench.rows("SELECT reachable FROM engines") == ["0"])
            }
            try bench.expectRecovered(from: before)
            #expect(try bench.rows("SELECT reachable FROM engines") == ["1"])
        }

        @Test("the engine's socket is gone before the collect: engine recorded unreachable with the reason")
        func socketGone() throws {
            let bench = try FaultBench()
            let before = try bench.cleanCollect()
            let containersBefore = try bench.rows("SELECT container_id FROM containers ORDER BY 1")
            #expect(!FileManager.default.fileExists(atPath: bench.proxySocket))
            let outcome = try bench.collect()
            #expect(outcome.status == 2, "\(outcome.stderr)")
            let error = try bench.rows("SELECT error FROM engines").first ?? ""
            #expect(error.contains("No such file or directory"), "\(error)")
            #expect(try bench.rows("SELECT reachable FROM engines") == ["0"])
            #expect(try bench.rows("SELECT container_id FROM containers ORDER BY 1") == containersBefore)
            try bench.expectRecovered(from: before)
        }

        @Test("the socket vanishes while containers are inspected: open connections finish, nothing breaks")
        func socketVanishesMidCollect() throws {
            let bench = try FaultBench()
            let before = try bench.cleanCollect()
            let proxy = try bench.proxy { isContainerInspect($0) ? .removeSocket : .forward }
            let outcome = try bench.collect()
            proxy.stop()
            #expect([0, 2].contains(outcome.status), "\(outcome.stderr)")
            let after = try FaultInvariants.check(bench.db, before: before)
            if outcome.status == 0 {
                // Complete means complete: the same facts as the collect before.
                let last = after.snapshotIDs.last!
                #expect(after.answers[last]?["containers"] == before.answers[before.snapshotIDs.last!]?["containers"])
            }
            try bench.expectRecovered(from: after)
        }

        @Test("a container removed between the list and its inspect is recorded as removed, the rest complete")
        func containerVanishes() throws {
            let name = "posture-fault-vanish-" + UUID().uuidString.prefix(8).lowercased()
            let id = try TestEngines.dockerCLI("create", "--name", name, "--label", "posture.fault=1", "posture-test/busybox:1", "true")
            defer { _ = try? TestEngines.dockerCLI("rm", "-f", id) }
            let bench = try FaultBench()
            let before = try bench.cleanCollect()
            #expect(try bench.rows("SELECT name FROM containers WHERE container_id = '\(id)'") == [name])

            let proxy = try bench.proxy { path in
                guard isContainerInspect(path), path.contains(id) else { return .forward }
                return .run { _ = try? TestEngines.dockerCLI("rm", "-f", id) }
            }
            let outcome = try bench.collect()
            proxy.stop()
            #expect(proxy.requests.contains { $0.contains("/containers/\(id)/json") })
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let after = try FaultInvariants.check(bench.db, before: before)
            #expect(try bench.rows("SELECT status FROM snapshots ORDER BY id DESC LIMIT 1") == ["complete"])
            #expect(try bench.rows("SELECT name FROM containers WHERE container_id = '\(id)'").isEmpty)
            #expect(try bench.rows("SELECT valid_to IS NOT NULL FROM containers_history WHERE container_id = '\(id)'") == ["1"])
            try bench.expectRecovered(from: after)
        }
    }
}
