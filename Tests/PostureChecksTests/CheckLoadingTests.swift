import Foundation
import GRDB
import PostureFacts
import PostureStore
import Testing

@testable import PostureChecks

/// `collect` gets its checks ready on a thread of its own while the engines answer
/// (``CheckLoading``): the catalogue parsed, and the per-container checks prepared on the
/// store's write connection once a container changed. The snapshot's write then holds that
/// connection, so nothing may start preparing on it once the write is near.
@Suite("check loading")
struct CheckLoadingTests {
    /// A database whose last snapshot is the bad zoo, and the same zoo with one container
    /// changed, to collect next.
    private func zooAndChange() throws -> (TestDatabase, Scenario) {
        let db = try TestDatabase()
        let zoo = try Scenario.load("bad-zoo")
        try db.collect(zoo, runner: CheckRunner(catalog: catalog))
        var tables = zoo.tables
        for i in tables["containers"]!.indices where tables["containers"]![i]["name"]?.textValue == "priv" {
            tables["containers"]![i]["privileged"] = .int(0)
        }
        return (db, Scenario(name: zoo.name, takenAt: "2030-01-01T00:05:00Z", tables: tables))
    }

    /// TEMP tables on the write connection (the container shadows while they exist).
    private func tempTables(_ db: TestDatabase) throws -> Int {
        try db.database.onWriteConnection {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM temp.sqlite_master WHERE type = 'table'") ?? -1
        }
    }

    @Test("started with the store, it prepares the per-container checks; the write uses them and drops the shadows", .timeLimit(.minutes(1)))
    func preparesAndHandsOver() throws {
        let (db, changed) = try zooAndChange()
        let loading = CheckLoading()
        loading.start(preparingOn: db.database)
        #expect(loading.isPreparing)
        let prepared = try #require(loading.prepared())
        #expect(try tempTables(db) == ContainerScope.views.count + 1, "the key table and one shadow per container view")
        var evaluation = IncrementalChecks.Evaluation()
        try db.database.writeSnapshot(changed.snapshotInput()) { database, snapshot, write in
            evaluation = try IncrementalChecks(runner: CheckRunner(catalog: try loading.catalog())).findingsFactSets(
                in: database, snapshot: snapshot, prepared: prepared.containers, write: write)
        }
        #expect(evaluation.containers == 1 && !evaluation.perContainer.isEmpty)
        #expect(try tempTables(db) == 0)
        #expect(try db.findings()["ctr-privileged unix:///var/run/docker.sock/containers/priv"]?.status == "ok")
    }

    @Test("asked for what is prepared first, it starts no preparation afterwards, and parses the catalogue inside the write", .timeLimit(.minutes(1)))
    func nothingStartsOnceSettled() throws {
        let (db, changed) = try zooAndChange()
        let loading = CheckLoading()
        #expect(loading.prepared() == nil)
        // A container seen changed this late (the engines' last answers) must not prepare: the
        // write is about to hold the connection.
        loading.start(preparingOn: db.database)
        #expect(!loading.isPreparing)
        try db.database.writeSnapshot(changed.snapshotInput()) { database, snapshot, write in
            try CheckRunner(catalog: try loading.catalog()).afterFacts(database, snapshot, prepared: loading.prepared(), write)
        }
        #expect(try tempTables(db) == 0)
        #expect(try db.findings()["ctr-privileged unix:///var/run/docker.sock/containers/priv"]?.status == "ok")
    }

    @Test("started without a store, it only parses the catalogue")
    func parsesOnly() throws {
        let loading = CheckLoading()
        loading.start(preparingOn: nil)
        #expect(try loading.catalog().checks.map(\.id) == catalog.checks.map(\.id))
        #expect(loading.prepared() == nil && !loading.isPreparing)
    }
}
