/// Grype JSON (`grype IMAGE -o json`), old and current layouts.
///
/// Reads `source.type` and `source.target.{userInput, imageID, repoDigests, tags}`,
/// `descriptor.{version, timestamp}`, the database build time from `descriptor.db.built`
/// (schema 5), `descriptor.db.status.built` (schema 6) or `descriptor.db.dataAge` (2021), `distro`,
/// and per match `vulnerability.{id, severity, description, fix, cvss[].metrics.baseScore}`,
/// `relatedVulnerabilities[]` and `artifact.{name, version, type, locations}`.
struct GrypeReport: Decodable {
    static let format = "grype-json"

    struct CVSS: Decodable {
        struct Metrics: Decodable {
            let baseScore: Double?
            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: AnyKey.self)
                baseScore = c.lenientDouble(forKey: AnyKey("baseScore"))
            }
        }
        let version: String?
        let metrics: Metrics?
    }

    struct Fix: Decodable {
        let versions: [String]
        let state: String?
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            versions = c.stringList(forKey: AnyKey("versions"))
            state = c.lenientString(forKey: AnyKey("state"))
        }
    }

    struct Vulnerability: Decodable {
        let id: String
        let severity: String?
        let description: String?
        let fix: Fix?
        let cvss: [CVSS]?
    }

    struct Related: Decodable {
        let id: String?
        let description: String?
        let cvss: [CVSS]?
    }

    struct Artifact: Decodable {
        struct Location: Decodable { let path: String? }
        let name: String
        let version: String?
        let type: String?
        let locations: [Location]?
    }

    struct Match: Decodable {
        let vulnerability: Vulnerability
        let relatedVulnerabilities: [Related]?
        let artifact: Artifact
    }

    struct Source: Decodable {
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

        enum CodingKeys: String, CodingKey { case type, target }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decodeIfPresent(String.self, forKey: .type)
            if let t = try? c.nestedContainer(keyedBy: AnyKey.self, forKey: .target) {
                image = ImageTarget(
                    userInput: t.lenientString(forKey: AnyKey("userInput")),
                    imageID: t.lenientString(forKey: AnyKey("imageID")),
                    repoDigests: t.stringList(forKey: AnyKey("repoDigests")),
                    tags: t.stringList(forKey: AnyKey("tags")))
                targetText = t.lenientString(forKey: AnyKey("path"))
            } else {
                image = nil
                targetText = try? c.decodeIfPresent(String.self, forKey: .target)
            }
        }
    }

    struct Descriptor: Decodable {
        let version: String?
        let timestamp: String?
        let dbBuilt: String?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            version = c.lenientString(forKey: AnyKey("version"))
            timestamp = c.lenientString(forKey: AnyKey("timestamp"))
            var built: String?
            if let db = try? c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("db")) {
                built = db.lenientString(forKey: AnyKey("built")) ?? db.lenientString(forKey: AnyKey("dataAge"))
                if built == nil, let status = try? db.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("status")) {
                    built = status.lenientString(forKey: AnyKey("built"))
                }
            }
            dbBuilt = built
        }
    }

    struct Distro: Decodable {
        let name: String?
        let version: String?
    }

    let matches: [Match]?
    let source: Source?
    let descriptor: Descriptor?
    let distro: Distro?

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
        findings.reserveCapacity(matches?.count ?? 0)
        for match in matches ?? [] {
            let v = match.vulnerability
            let related = match.relatedVulnerabilities ?? []
            let description = v.description?.nonEmpty ?? related.lazy.compactMap { $0.description?.nonEmpty }.first
            let paths = (match.artifact.locations ?? []).compactMap(\.path).sorted()
            findings.append(
                VulnerabilityFinding(
                    vulnerabilityID: v.id,
                    aliases: related.compactMap(\.id).filter { $0 != v.id },
                    package: match.artifact.name, installedVersion: match.artifact.version ?? "",
                    fixedVersion: v.fix.flatMap { $0.versions.isEmpty ? nil : $0.versions.joined(separator: ", ") },
                    severity: Severity(normalizing: v.severity),
                    cvssScore: Self.score(v.cvss ?? []) ?? Self.score(related.flatMap { $0.cvss ?? [] }),
                    title: description?.firstLine(), status: v.fix?.state?.nonEmpty,
                    packageType: match.artifact.type?.nonEmpty, target: "", pkgPath: paths.first ?? ""))
        }
        let version = descriptor?.version?.nonEmpty
        let os = [distro?.name, distro?.version].compactMap { $0?.nonEmpty }.joined(separator: " ").nonEmpty
        return ParsedReport(
            sourceFile: file, sourceSHA256: sha256, format: Self.format, scanner: .grype,
            scannerVersion: version == "[not provided]" ? nil : version,
            dbUpdatedAt: Timestamp.utc(descriptor?.dbBuilt), scannedAt: Timestamp.utc(descriptor?.timestamp),
            subject: subject, os: os, vulnerabilities: findings)
    }

    /// The first CVSS v3 base score listed (Grype lists the vulnerability namespace's own first).
    static func score(_ entries: [CVSS]) -> Double? {
        entries.first { ($0.version ?? "").hasPrefix("3") && $0.metrics?.baseScore != nil }?.metrics?.baseScore
    }
}
