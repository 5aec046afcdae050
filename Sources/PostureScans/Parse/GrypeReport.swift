import PostureJSON

/// Grype JSON (`grype IMAGE -o json`), old and current layouts.
///
/// Reads `source.type` and `source.target.{userInput, imageID, repoDigests, tags}`,
/// `descriptor.{version, timestamp}`, the database build time from `descriptor.db.built`
/// (schema 5), `descriptor.db.status.built` (schema 6) or `descriptor.db.dataAge` (2021), `distro`,
/// and per match `vulnerability.{id, severity, description, fix, cvss[].metrics.baseScore}`,
/// `relatedVulnerabilities[]` and `artifact.{name, version, type, locations}`.
struct GrypeReport {
    static let format = "grype-json"

    struct CVSS {
        let version: String?
        let baseScore: Double?

        init(_ json: JSONValue) throws {
            version = try json.optionalText("version")
            baseScore = try json.optionalObject("metrics")?.lenientDouble("baseScore")
        }

        static func list(_ json: JSONValue) throws -> [CVSS] {
            try (json.optionalObjects("cvss") ?? []).map(CVSS.init)
        }
    }

    struct Fix {
        let versions: [String]
        let state: String?
    }

    struct Vulnerability {
        let id: String
        let severity: String?
        let description: String?
        let fix: Fix?
        let cvss: [CVSS]

        init(_ json: JSONValue) throws {
            id = try json.text("id")
            severity = try json.optionalText("severity")
            description = try json.optionalText("description")
            fix = try json.optionalObject("fix").map { Fix(versions: $0.stringList("versions"), state: $0.lenientString("state")) }
            cvss = try CVSS.list(json)
        }
    }

    struct Related {
        let id: String?
        let description: String?
        let cvss: [CVSS]

        init(_ json: JSONValue) throws {
            id = try json.optionalText("id")
            description = try json.optionalText("description")
            cvss = try CVSS.list(json)
        }
    }

    struct Artifact {
        let name: String
        let version: String?
        let type: String?
        let locations: [String]

        init(_ json: JSONValue) throws {
            name = try json.text("name")
            version = try json.optionalText("version")
            type = try json.optionalText("type")
            locations = try (json.optionalObjects("locations") ?? []).compactMap { try $0.optionalText("path") }
        }
    }

    struct Match {
        let vulnerability: Vulnerability
        let relatedVulnerabilities: [Related]
        let artifact: Artifact

        init(_ json: JSONValue) throws {
            vulnerability = try Vulnerability(json.object("vulnerability"))
            relatedVulnerabilities = try (json.optionalObjects("relatedVulnerabilities") ?? []).map(Related.init)
            artifact = try Artifact(json.object("artifact"))
        }
    }

    struct Source {
        struct ImageTarget {
            var userInput: String?
            var imageID: String?
            var repoDigests: [String] = []
            var tags: [String] = []
        }
        let type: String?
        /// The target when it is an object (images); a directory's target may be a bare string.
        let image: ImageTarget?
        let targetText: String?

        init(_ json: JSONValue) throws {
            type = try json.optionalText("type")
            if let t = json["target"], t.kind == .object {
                image = ImageTarget(
                    userInput: t.lenientString("userInput"), imageID: t.lenientString("imageID"),
                    repoDigests: t.stringList("repoDigests"), tags: t.stringList("tags"))
                targetText = t.lenientString("path")
            } else {
                image = nil
                targetText = json["target"]?.string
            }
        }
    }

    /// `descriptor.{version, timestamp}` and the database build time.
    struct Descriptor {
        let version: String?
        let timestamp: String?
        let dbBuilt: String?

        init(_ json: JSONValue) {
            version = json.lenientString("version")
            timestamp = json.lenientString("timestamp")
            var built: String?
            if let db = json["db"], db.kind == .object {
                built = db.lenientString("built") ?? db.lenientString("dataAge")
                if built == nil, let status = db["status"], status.kind == .object {
                    built = status.lenientString("built")
                }
            }
            dbBuilt = built
        }
    }

    let matches: [Match]
    let source: Source?
    let descriptor: Descriptor?
    let distroName: String?
    let distroVersion: String?

    init(_ json: JSONValue) throws {
        matches = try (json.optionalObjects("matches") ?? []).map(Match.init)
        source = try json.optionalObject("source").map(Source.init)
        descriptor = try json.optionalObject("descriptor").map(Descriptor.init)
        let distro = try json.optionalObject("distro")
        distroName = try distro?.optionalText("name")
        distroVersion = try distro?.optionalText("version")
    }

    func validate() throws {
        let type = source?.type?.lowercased()
        if type == "image" { return }
        if type == nil && source?.image?.imageID != nil { return }
        let what = (type.map { "source type \($0)" } ?? "no source type") + (source?.targetText.map { " (\($0))" } ?? "")
        throw Refusal.wrongArtifact(scanner: "grype", artifact: what)
    }

    func report(file: String, sha256: String) -> ParsedReport {
        let target = source?.image ?? Source.ImageTarget()
        let subject = ScanSubject(
            imageID: target.imageID, imageRef: target.userInput, repoDigests: target.repoDigests,
            repoTags: target.tags, tagCandidates: [target.userInput].compactMap { $0 } + target.tags)
        var findings: [VulnerabilityFinding] = []
        findings.reserveCapacity(matches.count)
        for match in matches {
            let v = match.vulnerability
            let related = match.relatedVulnerabilities
            let description = v.description?.nonEmpty ?? related.lazy.compactMap { $0.description?.nonEmpty }.first
            let paths = match.artifact.locations.sorted()
            findings.append(
                VulnerabilityFinding(
                    vulnerabilityID: v.id,
                    aliases: related.compactMap(\.id).filter { $0 != v.id },
                    package: match.artifact.name, installedVersion: match.artifact.version ?? "",
                    fixedVersion: v.fix.flatMap { $0.versions.isEmpty ? nil : $0.versions.joined(separator: ", ") },
                    severity: Severity(normalizing: v.severity),
                    cvssScore: Self.score(v.cvss) ?? Self.score(related.flatMap(\.cvss)),
                    title: description?.firstLine(), status: v.fix?.state?.nonEmpty,
                    packageType: match.artifact.type?.nonEmpty, target: "", pkgPath: paths.first ?? ""))
        }
        let version = descriptor?.version?.nonEmpty
        let os = [distroName, distroVersion].compactMap { $0?.nonEmpty }.joined(separator: " ").nonEmpty
        return ParsedReport(
            sourceFile: file, sourceSHA256: sha256, format: Self.format, scanner: .grype,
            scannerVersion: version == "[not provided]" ? nil : version,
            dbUpdatedAt: Timestamp.utc(descriptor?.dbBuilt), scannedAt: Timestamp.utc(descriptor?.timestamp),
            subject: subject, os: os, vulnerabilities: findings)
    }

    /// The first CVSS v3 base score listed (Grype lists the vulnerability namespace's own first).
    static func score(_ entries: [CVSS]) -> Double? {
        entries.first { ($0.version ?? "").hasPrefix("3") && $0.baseScore != nil }?.baseScore
    }
}
