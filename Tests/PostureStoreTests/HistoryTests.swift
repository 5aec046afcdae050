import Foundation
import PostureFacts
import Testing
@testable import PostureStore

@Suite("change-only history")
struct HistoryTests {
    @Test("an unchanged collect adds a snapshot but no fact rows")
    func unchangedAddsNothing() throws {
        let db = try TestDatabase()
        try db.snapshot(["web": 512, "db": nil])
        #expect(try db.count("containers_history") == 2)
        let second = try db.snapshot(["web": 512, "db": nil])
        #expect(second.versionsOpened == 0 && second.versionsClosed == 0)
        #expect(try db.count("containers_history") == 2)
        #expect(try db.count("snapshots") == 2)
    }

    @Test("a change and a removal close versions; the past snapshot answers as it was")
    func changeAndRemoval() throws {
        let db = try TestDatabase()
        let first = try db.snapshot(["web": 512, "db": nil, "cache": 64])
        try db.snapshot(["web": 512, "db": nil, "cache": 64])
        let third = try db.snapshot(["web": 1024, "db": nil])
        #expect(third.changes["containers"] == TableChanges(added: 0, removed: 1, changed: 1))

        let latest = try db.rows("SELECT name, memory_limit FROM containers ORDER BY name")
        #expect(latest == ["db|NULL", "web|1024"])
        let past = try db.rows("SELECT name, memory_limit FROM containers ORDER BY name", snapshot: first.snapshotID)
        #expect(past == ["cache|64", "db|NULL", "web|512"])
        let history = try db.rows(
            "SELECT name, memory_limit, valid_from, coalesce(valid_to, '-') FROM containers_history WHERE name = 'web' ORDER BY valid_from")
        #expect(history == ["web|512|1|3", "web|1024|3|-"])
    }

    @Test("a set with a subset replaces the versions inside it and leaves the others open")
    func subsetReplacesOnlyItsPart() throws {
        let db = try TestDatabase()
        try db.snapshot(["web": 512, "db": nil, "cache": 64])
        let second = try db.snapshot(["web": 1024, "new": 8], subset: ["web", "cache", "new"])
        #expect(second.changes["containers"] == TableChanges(added: 1, removed: 1, changed: 1))
        #expect(try db.rows("SELECT name, memory_limit FROM containers ORDER BY name") == ["db|NULL", "new|8", "web|1024"])
    }

    @Test("a subset names its values exactly, whatever characters they hold")
    func subsetValuesWithJSONCharacters() throws {
        let odd = ["quo\"te", "back\\slash", "tab\tnew\nline\u{1}", "é/ü 雪", "web"]
        let db = try TestDatabase()
        try db.snapshot(Dictionary(uniqueKeysWithValues: (odd + ["kept"]).map { ($0, Int64?(1)) }))
        // Every odd name is in the subset and gone from the new rows: each must be closed, and
        // the one outside the subset left open.
        let second = try db.snapshot(["web": 2], subset: odd)
        #expect(second.changes["containers"] == TableChanges(added: 0, removed: odd.count - 1, changed: 1))
        #expect(try db.rows("SELECT name, memory_limit FROM containers ORDER BY name") == ["kept|1", "web|2"])
    }

    @Test("a row outside its set's subset is refused, and the snapshot writes nothing")
    func rowOutsideSubsetIsRefused() throws {
        let db = try TestDatabase()
        try db.snapshot(["web": 512, "db": nil])
        let error = #expect(throws: StoreError.self) { try db.snapshot(["web": 256, "db": 1], subset: ["web"]) }
        #expect(error?.localizedDescription.contains("name db is outside the subset") == true, "\(String(describing: error))")
        #expect(try db.count("snapshots") == 1)
        #expect(try db.rows("SELECT name, memory_limit FROM containers ORDER BY name") == ["db|NULL", "web|512"])
    }

    @Test("a partial set adds and changes but never removes")
    func partialNeverRemoves() throws {
        let db = try TestDatabase()
        try db.snapshot(["web": 512, "db": nil])
        try db.snapshot(["web": 256], status: .partial, mode: .partial)
        #expect(try db.rows("SELECT name, memory_limit FROM containers ORDER BY name") == ["db|NULL", "web|256"])
    }

    @Test("a failed collector leaves its facts as they were and the snapshot is not complete")
    func failedKeepsFacts() throws {
        let db = try TestDatabase()
        try db.snapshot(["web": 512])
        let failed = CollectorResult(collector: "containers", engineID: "e1", status: .failed, error: "unreachable")
        let summary = try db.store.writeSnapshot(
            SnapshotInput(takenAt: "2026-11-29T01:00:00Z", host: "test", toolVersion: "test", results: [failed]))
        #expect(summary.status == "failed")
        #expect(try db.rows("SELECT name FROM containers") == ["web"])
        #expect(try db.rows("SELECT status, error FROM snapshot_collectors WHERE snapshot_id = 2") == ["failed|unreachable"])
    }

    @Test("a patch keeps the columns it does not name")
    func patchCarriesOver() throws {
        let db = try TestDatabase()
        var full = FactSet(
            table: "engines", columns: ["engine_id", "endpoint", "version", "reachable"], keyColumns: ["engine_id"],
            scope: ["engine_id": "e1"])
        full.append(["engine_id": "e1", "endpoint": "unix:///x.sock", "version": "28.2", "reachable": 1])
        var patch = FactSet(
            table: "engines", columns: ["engine_id", "endpoint", "reachable", "error"], keyColumns: ["engine_id"],
            scope: ["engine_id": "e1"], mode: .patch)
        patch.append(["engine_id": "e1", "endpoint": "unix:///x.sock", "reachable": 0, "error": "down"])
        for set in [full, patch, patch] {
            try db.store.writeSnapshot(
                SnapshotInput(
                    takenAt: "2026-11-29T00:00:00Z", host: "t", toolVersion: "t",
                    results: [CollectorResult(collector: "engine", engineID: "e1", facts: [set])]))
        }
        #expect(try db.rows("SELECT version, reachable, error FROM engines") == ["28.2|0|down"])
        #expect(try db.count("engines_history") == 2)
    }

    @Test("a throwing afterFacts hook writes nothing at all")
    func oneTransaction() throws {
        let db = try TestDatabase()
        struct Boom: Error {}
        var set = FactSet(
            table: "engines", columns: ["engine_id", "endpoint", "reachable"], keyColumns: ["engine_id"],
            scope: ["engine_id": "e1"])
        set.append(["engine_id": "e1", "endpoint": "x", "reachable": 1])
        #expect(throws: Boom.self) {
            try db.store.writeSnapshot(
                SnapshotInput(
                    takenAt: "t", host: "t", toolVersion: "t",
                    results: [CollectorResult(collector: "engine", engineID: "e1", facts: [set])]),
                afterFacts: { _, _, _ in throw Boom() })
        }
        #expect(try db.count("snapshots") == 0)
        #expect(try db.count("engines_history") == 0)
    }

    @Test("hashes ignore NULL columns, so a new nullable column does not churn history")
    func hashIgnoresNulls() {
        let a = RowHash.of(columns: ["a", "b"], values: ["x", .null])
        let b = RowHash.of(columns: ["a"], values: ["x"])
        let c = RowHash.of(columns: ["a"], values: ["y"])
        #expect(a == b)
        #expect(a != c)
        #expect(RowHash.of(columns: ["a"], values: [.int(1)]) != RowHash.of(columns: ["a"], values: ["1"]))
    }
}

@Suite("snapshot scoping")
struct ScopingTests {
    @Test("under --snapshot N the snapshot list ends at N, so max(id) and taken_at mean N")
    func snapshotsEndAtN() throws {
        let db = try TestDatabase()
        try db.snapshot(["web": 512])
        try db.snapshot(["web": 256])
        #expect(try db.rows("SELECT max(id), count(*) FROM snapshots", snapshot: 1) == ["1|1"])
        #expect(try db.rows("SELECT count(*) FROM snapshot_collectors", snapshot: 1) == ["1"])
        #expect(try db.rows("SELECT max(id) FROM snapshots") == ["2"])
    }
}
