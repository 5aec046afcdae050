/// One canned check: the metadata of its `-- key: value` header and the SQL that evaluates it.
///
/// Loaded from `queries/<section>/<id>.sql` (embedded in ``EmbeddedQueries``) by ``CheckCatalog``.
/// The SQL runs unchanged in the `sqlite3` shell against a posture database and returns
/// `resource`, `status` and `reason` first, one row per resource examined; an optional
/// `severity` column grades a row above or below the check's own severity.
public struct Check: Sendable, Hashable, Identifiable {
    /// Stable id, equal to the file name without `.sql`.
    public let id: String
    public let title: String
    /// The check's severity; rows may override it through a `severity` column.
    public let severity: Severity
    public let section: Section
    /// CIS Docker Benchmark v1.6.0 id (`5.5`), `nil` when the check has none.
    public let cis: String?
    public let rationale: String
    public let remediation: String
    /// Path below `queries/` (`container/ctr-privileged.sql`).
    public let path: String
    /// The whole file, header included: exactly what is run.
    public let sql: String
    /// The query below the header, trimmed.
    public let body: String
    /// Hash of the query below the header (see ``SQLHash``), stored with each finding.
    public let sqlHash: String
    /// Hash of the whole file, header included: a collect re-runs a check whose revision
    /// differs from the one its findings were evaluated with (`check_revisions`).
    public let revision: String
    /// Declared by `-- per: container`: the check returns at most one row per container, with
    /// resource `<engine_id>/containers/<name>`, computed from that container's own rows, its
    /// own image's rows, the volumes it mounts, and tables about neither containers, images nor
    /// volumes. A collect in which only some containers, images or volumes changed evaluates it
    /// for the containers they touch alone (``ContainerScope``); `CheckLocalityTests` holds
    /// every check that declares it to this.
    public let perContainer: Bool
    /// Declared by `-- per: image`: the check returns at most one row per image, with resource
    /// `<engine_id>/images/<image_id>`, computed from that image's own rows (in `images`,
    /// `image_tags`, `image_env`, `image_history`, `image_contents`, `image_files`,
    /// `image_accounts`) and tables about no image. A collect in which only some images changed
    /// evaluates it for those images alone (``ImageScope``); `CheckLocalityTests` holds every
    /// check that declares it to this.
    public let perImage: Bool

    public init(
        id: String, title: String, severity: Severity, section: Section, cis: String?,
        rationale: String, remediation: String, path: String, sql: String, perContainer: Bool = false,
        perImage: Bool = false
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.section = section
        self.cis = cis
        self.rationale = rationale
        self.remediation = remediation
        self.path = path
        self.sql = sql
        self.body = CheckHeader.body(of: sql)
        self.sqlHash = SQLHash.of(body)
        self.revision = SQLHash.of(sql)
        self.perContainer = perContainer
        self.perImage = perImage
    }
}

/// How bad a failing result is, from `critical` (one step from host root) to `info` (review).
public enum Severity: String, Sendable, CaseIterable, Comparable, Codable {
    case critical, high, medium, low, info

    /// 4 for critical down to 0 for info.
    public var rank: Int {
        switch self {
        case .critical: return 4
        case .high: return 3
        case .medium: return 2
        case .low: return 1
        case .info: return 0
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// The folder a check lives in, in report order.
public enum Section: String, Sendable, CaseIterable, Codable {
    case daemon, host, container, resources, network, image, vulnerabilities
}

/// What a check concluded about one resource.
public enum CheckStatus: String, Sendable, CaseIterable, Codable {
    /// The resource passes.
    case ok
    /// The resource fails the check.
    case alarm
    /// The check does not apply to the resource (the reason says why).
    case skip
    /// Needs a human to review; neither pass nor fail.
    case info
    /// The check could not be evaluated.
    case error
}
