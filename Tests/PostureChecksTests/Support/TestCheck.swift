import PostureChecks

/// A container check made for a test: `sql` under a header of placeholder texts, loaded through
/// the catalog as `container/<id>.sql` (declared `-- per: container` when `perContainer`,
/// `-- per: image` when `perImage`).
func testCheck(_ id: String, perContainer: Bool = false, perImage: Bool = false, sql: String) throws -> Check {
    let text = """
        -- id: \(id)
        -- title: Test \(id)
        -- severity: medium
        -- section: container\(perContainer ? "\n-- per: container" : "")\(perImage ? "\n-- per: image" : "")
        -- cis:
        -- rationale: Test.
        -- remediation: None.
        \(sql)
        """
    return try CheckCatalog.load(files: [("container/\(id).sql", text)]).checks[0]
}
