import PostureChecks
import Testing

@Suite struct CatalogTests {
    private let valid = """
        -- id: ctr-example
        -- title: Example
        -- severity: high
        -- section: container
        -- cis: 5.5
        -- rationale: Why it matters.
        -- remediation: What to do.
        -- Row severity: this comment is part of the query.
        SELECT 'r' AS resource, 'ok' AS status, 'fine' AS reason;
        """

    @Test func embeddedChecksLoad() throws {
        let catalog = try CheckCatalog.load()
        #expect(catalog.checks.count >= 35)
        #expect(Set(catalog.checks.map(\.id)).count == catalog.checks.count)
        let privileged = try #require(catalog.check(id: "ctr-privileged"))
        #expect(privileged.severity == .critical)
        #expect(privileged.section == .container)
        #expect(privileged.cis == "5.5")
        #expect(privileged.path == "container/ctr-privileged.sql")
        #expect(privileged.sqlHash.hasPrefix("sha256:") && privileged.sqlHash.count == 71)
    }

    @Test func catalogIsInSectionOrder() throws {
        let sections = catalog.checks.map(\.section)
        let order = Section.allCases
        #expect(sections == sections.sorted { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! })
    }

    @Test func parsesAValidHeader() throws {
        let check = try #require(try CheckCatalog.load(files: [("container/ctr-example.sql", valid)]).checks.first)
        #expect(check.title == "Example")
        #expect(check.rationale == "Why it matters.")
        #expect(check.sql == valid)
    }

    @Test func emptyCISIsNil() throws {
        let text = valid.replacingOccurrences(of: "-- cis: 5.5", with: "-- cis:")
        #expect(try CheckCatalog.load(files: [("container/ctr-example.sql", text)]).checks.first?.cis == nil)
    }

    @Test func hashIgnoresTheHeader() throws {
        let a = try CheckCatalog.load(files: [("container/ctr-example.sql", valid)]).checks[0]
        let retitled = valid.replacingOccurrences(of: "-- title: Example", with: "-- title: Renamed")
        let b = try CheckCatalog.load(files: [("container/ctr-example.sql", retitled)]).checks[0]
        let changed = valid.replacingOccurrences(of: "'fine'", with: "'good'")
        let c = try CheckCatalog.load(files: [("container/ctr-example.sql", changed)]).checks[0]
        #expect(a.sqlHash == b.sqlHash)
        #expect(a.sqlHash != c.sqlHash)
    }

    @Test(arguments: [
        ("-- severity: high\n", "", "header lacks `-- severity: ...`"),
        ("-- severity: high", "-- severity: severe", "severity severe is not one of"),
        ("-- section: container", "-- section: runtime", "section runtime is not one of"),
        ("-- section: container", "-- section: image", "section image differs from the folder container"),
        ("-- id: ctr-example", "-- id: ctr-other", "id ctr-other differs from the file name ctr-example.sql"),
        ("-- title: Example", "-- title: Example\n-- owner: me", "unknown header key owner"),
        ("-- title: Example", "-- title:", "header key title is empty"),
        ("-- title: Example", "-- title: Example\n-- title: Again", "header key title appears twice"),
        ("-- title: Example", "-- title: Example\n-- per: host", "per host is not container or image"),
        ("-- title: Example", "-- title: Example\n-- per: container\n-- per: container", "header key per appears twice"),
        ("SELECT 'r' AS resource, 'ok' AS status, 'fine' AS reason;", "", "no query below the header"),
    ])
    func rejectsBadHeaders(original: String, replacement: String, problem: String) throws {
        let text = valid.replacingOccurrences(of: original, with: replacement)
        #expect(text != valid)
        do {
            _ = try CheckCatalog.load(files: [("container/ctr-example.sql", text)])
            Issue.record("accepted a check whose problem is: \(problem)")
        } catch let error as ChecksError {
            let message = error.errorDescription ?? ""
            #expect(message.contains("queries/container/ctr-example.sql"), "\(message)")
            #expect(message.contains(problem), "\(message)")
        }
    }

    @Test func perContainerIsOptional() throws {
        #expect(try !CheckCatalog.load(files: [("container/ctr-example.sql", valid)]).checks[0].perContainer)
        let declared = valid.replacingOccurrences(of: "-- cis: 5.5", with: "-- cis: 5.5\n-- per: container")
        #expect(try CheckCatalog.load(files: [("container/ctr-example.sql", declared)]).checks[0].perContainer)
        let image = valid.replacingOccurrences(of: "-- cis: 5.5", with: "-- cis: 5.5\n-- per: image")
        let check = try CheckCatalog.load(files: [("container/ctr-example.sql", image)]).checks[0]
        #expect(check.perImage && !check.perContainer)
    }

    @Test func rejectsAFileOutsideASectionFolder() {
        #expect(throws: ChecksError.self) { try CheckCatalog.load(files: [("ctr-example.sql", valid)]) }
    }

    @Test func rejectsDuplicateIDs() {
        let other = valid.replacingOccurrences(of: "-- section: container", with: "-- section: image")
        #expect(throws: ChecksError.duplicateID(id: "ctr-example", files: ["container/ctr-example.sql", "image/ctr-example.sql"])) {
            try CheckCatalog.load(files: [("container/ctr-example.sql", valid), ("image/ctr-example.sql", other)])
        }
    }
}
