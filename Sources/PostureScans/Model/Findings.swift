/// One vulnerability a scanner reported for one package in one place of an image.
public struct VulnerabilityFinding: Sendable, Hashable {
    public var vulnerabilityID: String
    /// Other IDs of the same vulnerability (a Snyk issue's CVEs, Grype's related IDs).
    public var aliases: [String]
    public var package: String
    public var installedVersion: String
    /// Fixing version(s), comma separated as the scanner lists them; `nil` when none is known.
    public var fixedVersion: String?
    public var severity: Severity
    public var cvssScore: Double?
    public var title: String?
    public var status: String?
    public var packageType: String?
    /// Trivy result target or Snyk application file; `""` when the scanner has no such notion.
    public var target: String
    /// File the package was found in; `""` when not given.
    public var pkgPath: String

    public init(
        vulnerabilityID: String, aliases: [String] = [], package: String, installedVersion: String,
        fixedVersion: String? = nil, severity: Severity, cvssScore: Double? = nil, title: String? = nil,
        status: String? = nil, packageType: String? = nil, target: String = "", pkgPath: String = ""
    ) {
        self.vulnerabilityID = vulnerabilityID
        self.aliases = aliases
        self.package = package
        self.installedVersion = installedVersion
        self.fixedVersion = fixedVersion
        self.severity = severity
        self.cvssScore = cvssScore
        self.title = title
        self.status = status
        self.packageType = packageType
        self.target = target
        self.pkgPath = pkgPath
    }

    /// Identity within a scan: two findings with the same key are one finding reported twice.
    public var key: String {
        [vulnerabilityID, package, installedVersion, target, pkgPath].joined(separator: "\u{1F}")
    }

    /// Fills what this finding lacks from a duplicate of it.
    mutating func absorb(_ other: VulnerabilityFinding) {
        if fixedVersion == nil { fixedVersion = other.fixedVersion }
        if severity == .unknown { severity = other.severity }
        if cvssScore == nil { cvssScore = other.cvssScore }
        if title == nil { title = other.title }
        if status == nil { status = other.status }
        if packageType == nil { packageType = other.packageType }
        for alias in other.aliases where !aliases.contains(alias) { aliases.append(alias) }
    }
}

/// A secret a scanner found in an image file. Only where and what kind: never the secret.
public struct SecretFinding: Sendable, Hashable {
    public var target: String
    public var ruleID: String
    public var startLine: Int
    public var endLine: Int?
    public var category: String?
    public var severity: Severity
    public var title: String?

    var key: String { "\(target)\u{1F}\(ruleID)\u{1F}\(startLine)" }
}

/// A configuration check a scanner ran on a file in an image (Dockerfile, manifests).
public struct MisconfigurationFinding: Sendable, Hashable {
    public var target: String
    public var checkID: String
    public var type: String?
    public var title: String?
    public var severity: Severity
    public var status: String?
    public var message: String?

    var key: String { "\(target)\u{1F}\(checkID)" }
    var failed: Bool { (status ?? "FAIL").uppercased() == "FAIL" }
}

/// Collapses duplicates (same key), keeping the first occurrence's order and filling its gaps
/// from the later ones. Returns the unique items and how many duplicates were dropped.
func collapse<T>(_ items: [T], key: (T) -> String, merge: (inout T, T) -> Void = { _, _ in }) -> ([T], Int) {
    var index: [String: Int] = [:]
    index.reserveCapacity(items.count)
    var result: [T] = []
    result.reserveCapacity(items.count)
    for item in items {
        let k = key(item)
        if let i = index[k] {
            merge(&result[i], item)
        } else {
            index[k] = result.count
            result.append(item)
        }
    }
    return (result, items.count - result.count)
}
