/// Every canned check of this build, parsed and validated from the embedded `queries/` files.
public struct CheckCatalog: Sendable {
    /// Checks in report order: by ``Section`` order, then by id.
    public let checks: [Check]
    /// Position in ``checks`` by id: reports look a check up for every finding they show.
    private let positions: [String: Int]

    /// Loads the checks embedded by `scripts/embed-resources` (``EmbeddedQueries``).
    public static func load() throws -> CheckCatalog {
        try load(files: EmbeddedQueries.files)
    }

    /// Loads checks from `(path below queries/, contents)` pairs; throws
    /// ``ChecksError`` naming the first file that is not a valid check.
    public static func load(files: [(path: String, sql: String)]) throws -> CheckCatalog {
        var checks: [Check] = []
        var byID: [String: [String]] = [:]
        for file in files {
            let check = try CheckHeader.parse(path: file.path, text: file.sql)
            checks.append(check)
            byID[check.id, default: []].append(file.path)
        }
        if let (id, paths) = byID.first(where: { $0.value.count > 1 }) {
            throw ChecksError.duplicateID(id: id, files: paths.sorted())
        }
        let order = Dictionary(uniqueKeysWithValues: Section.allCases.enumerated().map { ($1, $0) })
        checks.sort { (order[$0.section]!, $0.id) < (order[$1.section]!, $1.id) }
        return CheckCatalog(checks: checks)
    }

    public init(checks: [Check]) {
        self.checks = checks
        positions = Dictionary(checks.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The check with `id`, or `nil`.
    public func check(id: String) -> Check? {
        positions[id].map { checks[$0] }
    }

    /// The checks of one section, in id order.
    public func checks(in section: Section) -> [Check] {
        checks.filter { $0.section == section }
    }
}
