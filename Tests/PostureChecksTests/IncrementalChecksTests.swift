import Foundation
import GRDB
import PostureFacts
import PostureStore
import Testing

@testable import PostureChecks

/// A collect evaluates only the checks whose input tables changed (IncrementalChecks); these
/// tests hold it to giving exactly what evaluating every check would.
@Suite("incremental check evaluation")
struct IncrementalChecksTests {
    private func check(_ id: String, _ body: String, reason: String = "fine") throws -> Check {
        try testCheck(id, sql: body.replacingOccurrences(of: "$REASON", with: reason))
    }

    /// Open findings as stored, and as a full evaluation of every check gives them now.
    private func storedAndFull(_ db: TestDatabase) throws -> (stored: [String], full: [String]) {
        let stored = try db.database.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT check_id || ' ' || resource || ' ' || status || ' ' || severity || ' ' || reason || ' ' || sql_hash
                    FROM findings ORDER BY 1
                    """)
        }
        let full = try db.database.read { CheckRunner(catalog: catalog).evaluate(in: $0) }
            .flatMap(\.findings)
            .map { "\($0.checkID) \($0.resource) \($0.status.rawValue) \($0.severity.rawValue) \($0.reason) \($0.sqlHash)" }
            .sorted()
        return (stored, full)
    }

    private func evaluatedIn(_ db: TestDatabase) throws -> [String: Int64] {
        try db.database.read { db in
            Dictionary(
                try Row.fetchAll(db, sql: "SELECT check_id, evaluated_in FROM check_revisions").map { ($0[0], $0[1]) },
                uniquingKeysWith: { a, _ in a })
        }
    }

    @Test("findings after every snapshot equal a full evaluation, through changes back and forth")
    func equalsFullEvaluation() throws {
        let db = try TestDatabase()
        let runner = CheckRunner(catalog: catalog)
        for name in ["bad-zoo", "bad-zoo", "hardened", "hardened", "bad-zoo"] {
            try db.collect(try Scenario.load(name), runner: runner)
            let (stored, full) = try storedAndFull(db)
            #expect(!stored.isEmpty)
            #expect(stored == full, "after collecting \(name)")
        }
    }

    @Test("an unchanged re-collect runs no check until time passes a timed check's changes_at")
    func unchangedRecollectSkipsChecks() throws {
        let db = try TestDatabase()
        let runner = CheckRunner(catalog: catalog)
        let zoo = try Scenario.load("bad-zoo")
        try db.collect(zoo, runner: runner)
        let before = try storedAndFull(db).stored
        // Five minutes on: the checks that read the snapshot's time are timed (changes_at), and
        // no image or scan of the zoo ages past a threshold in five minutes.
        try db.collect(Scenario(name: zoo.name, takenAt: "2026-03-01T12:05:00Z", tables: zoo.tables), runner: runner)
        let ranAgain = try evaluatedIn(db).filter { $0.value != 1 }
        #expect(ranAgain.isEmpty, "\(ranAgain)")
        #expect(try storedAndFull(db).stored == before)
        // Years on: an image built 2026-01-20 turned 90 days old on 2026-04-20 (img-stale's
        // changes_at), so img-stale runs again.
        try db.collect(Scenario(name: zoo.name, takenAt: "2030-01-01T00:00:00Z", tables: zoo.tables), runner: runner)
        let evaluated = try evaluatedIn(db)
        #expect(evaluated.count == catalog.checks.count)
        #expect(evaluated["ctr-privileged"] == 1)
        #expect(evaluated["img-stale"] == 3, "an image of the zoo aged past 90 days")
        let rerun = evaluated.values.filter { $0 == 3 }.count
        #expect(rerun > 0 && rerun < catalog.checks.count / 4, "\(rerun) of \(catalog.checks.count) checks ran again")
        // Only the checks that read the snapshot time can change their findings here.
        let after = try storedAndFull(db)
        #expect(after.stored == after.full)
        let changed = Set(after.stored).symmetricDifference(before).map { String($0.prefix { $0 != " " }) }
        #expect(Set(changed).isSubset(of: ["img-stale", "vuln-scan-coverage", "vuln-scanner-db-stale"]), "\(Set(changed))")
    }

    @Test("a changed fact re-runs the checks that read its table")
    func changedFactReruns() throws {
        let db = try TestDatabase()
        let checkA = try check("ctr-a", "SELECT name AS resource, CASE WHEN privileged = 1 THEN 'alarm' ELSE 'ok' END AS status, '$REASON' AS reason FROM containers;")
        let checkB = try check("ctr-b", "SELECT engine_id AS resource, 'ok' AS status, '$REASON' AS reason FROM engines;")
        let runner = CheckRunner(checks: [checkA, checkB])
        let zoo = try Scenario.load("hardened")
        try db.collect(zoo, runner: runner)
        var tables = zoo.tables
        let name = try #require(tables["containers"]?.first?["name"]?.textValue)
        tables["containers"]![0]["privileged"] = .int(1)
        try db.collect(Scenario(name: "changed", takenAt: "2030-01-01T00:05:00Z", tables: tables), runner: runner)
        #expect(try evaluatedIn(db) == ["ctr-a": 2, "ctr-b": 1])
        #expect(try db.findings()["ctr-a \(name)"]?.status == "alarm")
    }

    @Test("a timed check runs again when time passes its changes_at or goes back; an untimed one every time")
    func timedChecksRunWhenTimeTells() throws {
        let db = try TestDatabase()
        // Alarms from 01:00 on; until then its row changes at 01:00, after that never.
        let aging = """
            WITH now AS (SELECT (SELECT taken_at FROM snapshots ORDER BY id DESC LIMIT 1) AS t)
            SELECT 'x' AS resource, CASE WHEN t >= '2030-01-01T01:00:00Z' THEN 'alarm' ELSE 'ok' END AS status,
              'fine' AS reason, CASE WHEN t < '2030-01-01T01:00:00Z' THEN '2030-01-01 01:00:00' END AS changes_at
            FROM now;
            """
        let untimed = "SELECT 'x' AS resource, 'ok' AS status, 'fine' AS reason FROM snapshots ORDER BY id DESC LIMIT 1;"
        let runner = CheckRunner(checks: [try check("img-aging", aging), try check("img-untimed", untimed)])
        func collect(at time: String) throws -> [String: Int64] {
            try db.collect(Scenario(name: "empty", takenAt: "2030-01-01T\(time)Z", tables: [:]), runner: runner)
            return try evaluatedIn(db)
        }
        #expect(try collect(at: "00:00:00") == ["img-aging": 1, "img-untimed": 1])
        #expect(try collect(at: "00:59:59") == ["img-aging": 1, "img-untimed": 2], "before its changes_at: kept")
        #expect(try db.findingLines() == ["img-aging x ok", "img-untimed x ok"])
        #expect(try collect(at: "01:00:00") == ["img-aging": 3, "img-untimed": 3], "at its changes_at: runs")
        #expect(try db.findingLines() == ["img-aging x alarm", "img-untimed x ok"])
        #expect(try collect(at: "05:00:00") == ["img-aging": 3, "img-untimed": 4], "no changes_at left: kept")
        // A clock set back can undo what time did: the check runs again.
        #expect(try collect(at: "00:30:00") == ["img-aging": 5, "img-untimed": 5])
        #expect(try db.findingLines() == ["img-aging x ok", "img-untimed x ok"])
        let stored = try db.database.read { try Row.fetchOne($0, sql: "SELECT timed, changes_at FROM check_revisions WHERE check_id = 'img-aging'") }
        #expect(stored?["timed"] == 1 && stored?["changes_at"] == "2030-01-01 01:00:00")
    }

    @Test("a changes_at that is not a datetime() time makes the check an error")
    func malformedChangesAt() throws {
        let db = try TestDatabase()
        let bad = "SELECT 'x' AS resource, 'ok' AS status, 'fine' AS reason, '2030-01-01T01:00:00Z' AS changes_at;"
        try db.collect(Scenario(name: "empty", takenAt: "2030-01-01T00:00:00Z", tables: [:]), runner: CheckRunner(checks: [try check("img-bad", bad)]))
        #expect(try db.findingLines() == ["img-bad * error"])
        #expect(ResultInterpreter.Reader.isDatetime("2030-01-01 01:00:00"))
        #expect(!ResultInterpreter.Reader.isDatetime("2030-01-01 1:00:00"))
    }

    @Test("a check whose text changed runs again; a retired check's findings are closed")
    func revisionsAndRetiredChecks() throws {
        let db = try TestDatabase()
        let body = "SELECT 'x' AS resource, 'ok' AS status, '$REASON' AS reason;"
        let empty = Scenario(name: "empty", takenAt: "2030-01-01T00:00:00Z", tables: [:])
        try db.collect(empty, runner: CheckRunner(checks: [try check("ctr-a", body, reason: "first"), try check("ctr-b", body)]))
        try db.collect(empty, runner: CheckRunner(checks: [try check("ctr-a", body, reason: "second")]))
        let findings = try db.findings()
        #expect(findings["ctr-a x"]?.reason == "second")
        #expect(findings["ctr-b x"] == nil, "ctr-b left the catalog: its finding is closed")
        #expect(try evaluatedIn(db) == ["ctr-a": 2])
    }

    @Test("a check with an open error runs again on an unchanged host, whether it failed or returned status error")
    func openErrorsRunAgain() throws {
        let db = try TestDatabase()
        let empty = Scenario(name: "empty", takenAt: "2030-01-01T00:00:00Z", tables: [:])
        let reads = "FROM (SELECT 1) LEFT JOIN containers ON 0"
        let runner = CheckRunner(checks: [
            try check("ctr-fine", "SELECT 'x' AS resource, 'ok' AS status, 'fine' AS reason \(reads);"),
            try check("ctr-failing", "SELECT 'x' AS resource, 'pass' AS status, 'bad status' AS reason \(reads);"),
            try check("ctr-reports-error", "SELECT 'x' AS resource, 'error' AS status, 'said so' AS reason \(reads);"),
        ])
        try db.collect(empty, runner: runner)
        try db.collect(empty, runner: runner)
        #expect(try evaluatedIn(db) == ["ctr-fine": 1, "ctr-failing": 2, "ctr-reports-error": 2])
        #expect(try db.findingLines() == ["ctr-failing * error", "ctr-fine x ok", "ctr-reports-error x error"])
    }

    @Test("reads recorded under another schema are worked out again: the check runs whole, whatever they said")
    func readsOfAnotherSchemaAreNotTrusted() throws {
        let db = try TestDatabase()
        let checkA = try check("ctr-a", "SELECT name AS resource, 'ok' AS status, '$REASON' AS reason FROM containers;")
        let runner = CheckRunner(checks: [checkA])
        let zoo = try Scenario.load("hardened")
        try db.collect(zoo, runner: runner)
        func reads() throws -> String? {
            try db.database.read { try String.fetchOne($0, sql: "SELECT reads FROM check_revisions WHERE check_id = 'ctr-a'") }
        }
        let recorded = try #require(try reads())
        #expect(recorded.split(separator: ",").contains("containers_versions"), "\(recorded)")
        // Reads that name nothing this check reads: trusted under the same schema, an unchanged
        // re-collect skips the check ...
        try db.database.write { try $0.execute(sql: "UPDATE check_revisions SET reads = 'engines_versions'") }
        try db.collect(Scenario(name: zoo.name, takenAt: "2030-01-01T00:05:00Z", tables: zoo.tables), runner: runner)
        #expect(try evaluatedIn(db) == ["ctr-a": 1])
        // ... but not once the schema they were recorded under is another one (a migration ran
        // since): the check runs whole and its reads are worked out again.
        try db.database.write { try $0.execute(sql: "UPDATE snapshots SET schema_version = schema_version - 1 WHERE id = 1") }
        try db.collect(Scenario(name: zoo.name, takenAt: "2030-01-01T00:10:00Z", tables: zoo.tables), runner: runner)
        #expect(try evaluatedIn(db) == ["ctr-a": 3])
        #expect(try reads() == recorded)
    }

    /// Collects `tables` as a new snapshot and says how the checks were evaluated. With
    /// `preparedAhead`, as `collect` does: the per-container checks are prepared on the write
    /// connection first (``CheckRunner/prepareScoped(in:)``), and the store is read before the
    /// write (as for image contents).
    private func collect(
        _ db: TestDatabase, _ tables: [String: [[String: FactValue]]], at minute: Int, preparedAhead: Bool = false
    ) throws -> IncrementalChecks.Evaluation {
        let scenario = Scenario(name: "zoo", takenAt: String(format: "2030-01-01T00:%02d:00Z", minute), tables: tables)
        let runner = CheckRunner(catalog: catalog)
        var prepared: PreparedChecks?
        if preparedAhead {
            prepared = try db.database.onWriteConnection { try runner.prepareScoped(in: $0) }
            _ = try db.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM main.images_versions") }
        }
        var evaluation = IncrementalChecks.Evaluation()
        try db.database.writeSnapshot(scenario.snapshotInput()) { db, snapshot, write in
            evaluation = try IncrementalChecks(runner: runner).findingsFactSets(
                in: db, snapshot: snapshot, prepared: prepared?.containers, write: write)
        }
        return evaluation
    }

    @Test(
        "container-only changes evaluate per-container checks for the changed containers, as a full evaluation would",
        arguments: [false, true])
    func perContainerEvaluation(preparedAhead: Bool) throws {
        let db = try TestDatabase()
        var tables = try Scenario.load("bad-zoo").tables
        let containerTables = ContainerScope.views.filter { tables[$0] != nil }
        func id(_ name: String) throws -> String {
            try #require(tables["containers"]!.first { $0["name"]?.textValue == name }?["container_id"]?.textValue)
        }
        func edit(_ name: String, in table: String, _ change: (inout [String: FactValue]) -> Void) throws {
            let container = try id(name)
            for i in tables[table]!.indices where tables[table]![i]["container_id"]?.textValue == container {
                change(&tables[table]![i])
            }
        }
        let first = try collect(db, tables, at: 0, preparedAhead: preparedAhead)
        #expect(first.perContainer.isEmpty, "the first snapshot evaluates every check whole")
        #expect(try storedAndFull(db).stored == storedAndFull(db).full, "checks prepared ahead and not used are dropped")

        // What changes, how many checks read what changed (at least), how many containers that
        // touches, and the change.
        var steps: [(String, Int, () -> Int, () throws -> Void)] = []
        steps.append(("privileged turned off", 30, { 1 }, { try edit("priv", in: "containers") { $0["privileged"] = .int(0) } }))
        steps.append(("a capability dropped", 3, { 1 }, {
            let container = try id("capall")
            tables["container_capabilities"]!.removeAll { $0["container_id"]?.textValue == container }
        }))
        steps.append(("a container renamed", 30, { 1 }, { try edit("sock", in: "containers") { $0["name"] = .text("sock-renamed") } }))
        steps.append(("a container removed", 30, { 1 }, {
            let container = try id("backend")
            for table in containerTables { tables[table]!.removeAll { $0["container_id"]?.textValue == container } }
        }))
        steps.append(("a container added", 30, { 1 }, {
            let container = try id("hostnet")
            for table in containerTables {
                for row in tables[table]! where row["container_id"]?.textValue == container {
                    var copy = row
                    copy["container_id"] = .text(String(repeating: "c", count: 64))
                    if table == "containers" { copy["name"] = .text("hostnet-2") }
                    tables[table]!.append(copy)
                }
            }
        }))
        steps.append(("a cgroup limit changed", 4, { 1 }, { try edit("priv", in: "cgroup_limits") { $0["cpu_quota"] = .int(50000) } }))
        let image = try #require(tables["containers"]!.first { $0["name"]?.textValue == "priv" }?["image_id"])
        let fromImage = { tables["containers"]!.filter { $0["image_id"] == image }.count }
        #expect(fromImage() >= 2)
        steps.append(("an image's user changed", 3, fromImage, {
            for i in tables["images"]!.indices where tables["images"]![i]["image_id"] == image {
                tables["images"]![i]["user"] = .text("app")
            }
        }))
        steps.append(("a volume now binds another folder", 2, { 1 }, {
            for i in tables["volumes"]!.indices where tables["volumes"]![i]["name"]?.textValue == "hostetc" {
                tables["volumes"]![i]["bind_device"] = .text("/srv/config")
                tables["volumes"]![i]["options"] = .text("type=none,o=bind,device=/srv/config")
            }
        }))
        let sockImage = try #require(tables["containers"]!.first { $0["name"]?.textValue == "sock" }?["image_id"])
        steps.append(("the tag app:latest moved to the image sock (created as app) runs", 1, { 1 }, {
            for i in tables["image_tags"]!.indices where tables["image_tags"]![i]["reference"]?.textValue == "app:latest" {
                tables["image_tags"]![i]["image_id"] = sockImage
            }
        }))
        for (minute, (what, readers, touched, step)) in steps.enumerated() {
            try step()
            let evaluation = try collect(db, tables, at: minute + 1, preparedAhead: preparedAhead)
            #expect(evaluation.perContainer.count >= readers, "\(what): \(evaluation.perContainer.count) checks per container")
            #expect(evaluation.containers == touched(), "\(what): \(evaluation.containers) containers")
            #expect(Set(evaluation.perContainer).isDisjoint(with: evaluation.whole))
            let (stored, full) = try storedAndFull(db)
            #expect(stored == full, "after: \(what)")
        }
        let findings = try db.findings()
        #expect(findings["ctr-privileged unix:///var/run/docker.sock/containers/priv"]?.status == "ok")
        #expect(findings.keys.contains { $0.hasSuffix("/containers/sock-renamed") })
        #expect(!findings.keys.contains { $0.hasSuffix("/containers/sock") || $0.hasSuffix("/containers/backend") })
        #expect(findings.keys.contains { $0.hasSuffix("/containers/hostnet-2") })
        #expect(findings["ctr-sensitive-host-mount unix:///var/run/docker.sock/containers/etcro"]?.status == "ok")
    }
}

extension IncrementalChecksTests {
    @Test(
        "image-only changes evaluate per-image checks for the changed images, as a full evaluation would",
        arguments: [false, true])
    func perImageEvaluation(preparedAhead: Bool) throws {
        let db = try TestDatabase()
        var tables = try Scenario.load("bad-zoo").tables
        let imageTables = ImageScope.views.filter { tables[$0] != nil }
        let used = Set(tables["containers"]!.compactMap { $0["image_id"] })
        let images = tables["images"]!.compactMap { $0["image_id"] }
        let unused = try #require(images.first { !used.contains($0) })
        let usedOne = try #require(tables["containers"]!.first { $0["name"]?.textValue == "sock" }?["image_id"])
        func edit(_ image: FactValue, _ change: (inout [String: FactValue]) -> Void) {
            for i in tables["images"]!.indices where tables["images"]![i]["image_id"] == image { change(&tables["images"]![i]) }
        }
        let first = try collect(db, tables, at: 0, preparedAhead: preparedAhead)
        #expect(first.perImage.isEmpty, "the first snapshot evaluates every check whole")

        // What changes, how many checks read what changed (at least), and the change.
        var steps: [(String, Int, () throws -> Void)] = []
        steps.append(("an unused image's user changed", 2, { edit(unused) { $0["user"] = .text("root") } }))
        steps.append(("a used image's healthcheck set", 2, { edit(usedOne) { $0["healthcheck"] = .text("CMD true") } }))
        steps.append(("an unused image removed", 10, {
            for table in imageTables { tables[table]!.removeAll { $0["image_id"] == unused } }
        }))
        steps.append(("an image added", 10, {
            for table in imageTables {
                for row in tables[table]! where row["image_id"] == usedOne {
                    var copy = row
                    copy["image_id"] = .text("sha256:" + String(repeating: "e", count: 64))
                    tables[table]!.append(copy)
                }
            }
        }))
        for (minute, (what, readers, step)) in steps.enumerated() {
            try step()
            // Checks prepared ahead for containers, unused here, must not narrow the container
            // views the per-image checks read.
            let evaluation = try collect(db, tables, at: minute + 1, preparedAhead: preparedAhead)
            #expect(evaluation.perImage.count >= readers, "\(what): \(evaluation.perImage.count) checks per image")
            #expect(evaluation.images == 1, "\(what): \(evaluation.images) images")
            #expect(Set(evaluation.perImage).isDisjoint(with: evaluation.whole))
            let (stored, full) = try storedAndFull(db)
            #expect(stored == full, "after: \(what)")
        }
        let findings = try db.findings()
        #expect(findings.keys.contains { $0.hasSuffix("/images/sha256:" + String(repeating: "e", count: 64)) })
        #expect(!findings.keys.contains { $0.hasSuffix("/images/\(unused.textValue ?? "")") })
    }
}

extension IncrementalChecksTests {
    @Test("a change to most containers or images evaluates their checks whole, as a full evaluation would")
    func largeScopesRunWhole() throws {
        let db = try TestDatabase()
        var tables = try Scenario.load("bad-zoo").tables
        _ = try collect(db, tables, at: 0)
        for i in tables["containers"]!.indices { tables["containers"]![i]["restart_policy"] = .text("always") }
        let containers = try collect(db, tables, at: 1)
        #expect(containers.perContainer.isEmpty && containers.containers == 0)
        #expect(containers.whole.contains("ctr-restart-policy"))
        var (stored, full) = try storedAndFull(db)
        #expect(stored == full, "after every container changed")

        for i in tables["images"]!.indices { tables["images"]![i]["healthcheck"] = .text("CMD true") }
        let images = try collect(db, tables, at: 2)
        #expect(images.perImage.isEmpty && images.images == 0)
        #expect(images.whole.contains("img-healthcheck"))
        (stored, full) = try storedAndFull(db)
        #expect(stored == full, "after every image changed")
    }
}
