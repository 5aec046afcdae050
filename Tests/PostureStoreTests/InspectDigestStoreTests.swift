import Foundation
import PostureFacts
import Testing
@testable import PostureStore

/// `inspect_digests` follows the facts it vouches for: written in the snapshot's transaction,
/// read back with the open containers, and dropped for containers a complete collect no longer
/// saw (kept when the collect was partial, as their facts are).
@Suite("inspect digests in the store")
struct InspectDigestStoreTests {
    func write(_ db: TestDatabase, _ digests: InspectDigests) throws {
        var result = CollectorResult(collector: "containers", engineID: "e1")
        result.digests = digests
        try db.store.writeSnapshot(
            SnapshotInput(takenAt: "2026-11-29T00:00:00Z", host: "test", toolVersion: "test", results: [result]))
    }

    func stored(_ db: TestDatabase) throws -> [String] {
        try db.rows("SELECT container_id, hex(digest) FROM inspect_digests ORDER BY 1")
    }

    @Test func knownContainersCarryTheirDigest() throws {
        let db = try TestDatabase()
        try db.snapshot(["web": 512, "db": nil])
        try write(db, InspectDigests(engineID: "e1", read: ["id-web": Data([1, 2])]))
        let known = try db.store.knownContainers()["e1"] ?? []
        #expect(known.first { $0.containerID == "id-web" }?.digest == Data([1, 2]))
        #expect(known.first { $0.containerID == "id-db" }?.digest == nil)
        #expect(Set(known.map(\.name)) == ["web", "db"])
    }

    @Test func aCompleteCollectDropsTheDigestsOfContainersItDidNotSee() throws {
        let db = try TestDatabase()
        try write(db, InspectDigests(engineID: "e1", read: ["a": Data([1]), "b": Data([2]), "c": Data([3])]))
        try write(db, InspectDigests(engineID: "e1", read: ["b": Data([9])], unchanged: ["a"], complete: true))
        #expect(try stored(db) == ["a|01", "b|09"])
    }

    @Test func aQuietCompleteCollectKeepsEveryDigest() throws {
        let db = try TestDatabase()
        try write(db, InspectDigests(engineID: "e1", read: ["a": Data([1]), "b": Data([2])]))
        try write(db, InspectDigests(engineID: "e1", read: ["b": Data([8])], unchanged: ["a"], complete: true))
        try write(db, InspectDigests(engineID: "e1", unchanged: ["a", "b"], complete: true))
        #expect(try stored(db) == ["a|01", "b|08"])
    }

    @Test func aPartialCollectDropsNothing() throws {
        let db = try TestDatabase()
        try write(db, InspectDigests(engineID: "e1", read: ["a": Data([1]), "c": Data([3])]))
        try write(db, InspectDigests(engineID: "e1", read: ["b": Data([2])], complete: false))
        #expect(try stored(db) == ["a|01", "b|02", "c|03"])
    }

    @Test func anotherEnginesDigestsAreLeftAlone() throws {
        let db = try TestDatabase()
        try write(db, InspectDigests(engineID: "e2", read: ["x": Data([7])]))
        try write(db, InspectDigests(engineID: "e1", read: ["a": Data([1])]))
        #expect(try stored(db) == ["a|01", "x|07"])
    }
}
