import Foundation
import PostureFacts
import Testing
@testable import PostureStore

/// The writer's keys leave out the key columns its scope fixes (the findings shape: key
/// check_id + resource, scope check_id); these hold it to what the full key did.
@Suite("fact set keys")
struct FactKeysTests {
    private func containers(_ rows: [(engine: String, id: String, memory: Int64)]) -> FactSet {
        var set = FactSet(
            table: "containers", columns: ["engine_id", "container_id", "name", "running", "privileged",
                "readonly_rootfs", "no_new_privileges", "proc_unmasked", "memory_limit"],
            keyColumns: ["engine_id", "container_id"], scope: ["engine_id": "e1"], mode: .complete)
        for row in rows {
            set.append([
                "engine_id": .text(row.engine), "container_id": .text(row.id), "name": .text(row.id), "running": 1,
                "privileged": 0, "readonly_rootfs": 0, "no_new_privileges": 0, "proc_unmasked": 0,
                "memory_limit": .int(row.memory),
            ])
        }
        return set
    }

    private func write(_ db: TestDatabase, _ set: FactSet) throws -> TableChanges {
        let result = CollectorResult(collector: "containers", engineID: "e1", facts: [set])
        let summary = try db.store.writeSnapshot(
            SnapshotInput(takenAt: "2026-11-29T00:00:00Z", host: "test", toolVersion: "test", results: [result]))
        return summary.changes["containers"] ?? TableChanges()
    }

    @Test("with the scope's column in the key: unchanged rows add nothing, a change and a removal close, a duplicate key keeps the first row")
    func scopedKeyColumn() throws {
        let db = try TestDatabase()
        #expect(try write(db, containers([("e1", "a", 1), ("e1", "b", 2), ("e1", "c", 3)])) == TableChanges(added: 3))
        #expect(try write(db, containers([("e1", "a", 1), ("e1", "b", 2), ("e1", "c", 3)])) == TableChanges())
        let changes = try write(db, containers([("e1", "a", 1), ("e1", "b", 20), ("e1", "b", 99), ("e1", "d", 4)]))
        #expect(changes == TableChanges(added: 1, removed: 1, changed: 1))
        #expect(try db.rows("SELECT container_id, memory_limit FROM containers ORDER BY 1") == ["a|1", "b|20", "d|4"])
        #expect(try db.rows("SELECT container_id, valid_from, coalesce(valid_to, '-') FROM containers_history ORDER BY row_id")
            == ["a|1|-", "b|1|3", "c|1|3", "b|3|-", "d|3|-"])
    }

    @Test("a row outside its set's scope never matches an open version in it: that version closes, the row is added")
    func rowOutsideTheScope() throws {
        let db = try TestDatabase()
        _ = try write(db, containers([("e1", "a", 1), ("e1", "b", 2)]))
        let changes = try write(db, containers([("e2", "a", 1), ("e1", "b", 2)]))
        #expect(changes == TableChanges(added: 1, removed: 1))
        #expect(try db.rows("SELECT engine_id, container_id FROM containers ORDER BY 1, 2") == ["e1|b", "e2|a"])
    }

    @Test("keys: one varying column is its text; a row that disagrees with the scope keeps the full key")
    func keyForms() throws {
        let set = FactSet(
            table: "findings", columns: ["check_id", "resource", "status"], keyColumns: ["check_id", "resource"],
            scope: ["check_id": "c1"])
        let keys = try FactKeys(set)
        #expect(keys.key(of: ["c1", "r\u{1F}x", "ok"]) == FactKey(scoped: true, text: "r\u{1F}x"))
        #expect(keys.key(of: ["c1", nil, "ok"]) == FactKey(scoped: true, text: "\u{0}"))
        #expect(keys.key(of: ["c2", "r", "ok"]) == FactKey(scoped: false, text: "c2\u{1F}r"))
        let unscoped = try FactKeys(FactSet(table: "t", columns: ["a", "b"], keyColumns: ["a", "b"], scope: [:]))
        #expect(unscoped.key(of: [.int(1), "x"]) == FactKey(scoped: true, text: "1\u{1F}x"))
    }
}

/// SQL identifiers as the writer quotes them into its statements.
@Suite("quoted identifiers")
struct QuoteTests {
    @Test("a name is quoted as is, and a quote inside it doubled")
    func quoting() {
        #expect(quote("findings_versions") == "\"findings_versions\"")
        #expect(quote("a\"b") == "\"a\"\"b\"")
        #expect(quote("\"") == "\"\"\"\"")
        #expect(quote("") == "\"\"")
    }
}
