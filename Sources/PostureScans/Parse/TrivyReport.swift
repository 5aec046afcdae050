/// Trivy JSON, schema version 2 (`trivy image --format json`, Trivy 0.20 and later).
///
/// Reads `ArtifactName`, `ArtifactType`, `CreatedAt`, `Trivy.Version`, `Metadata.{ImageID,
/// RepoTags, RepoDigests, OS}` and per result `Target`, `Type`, `Vulnerabilities`, `Secrets`
/// and `Misconfigurations`. Trivy's JSON does not say when its vulnerability database was built.
struct TrivyReport: Decodable {
    static let format = "trivy-json-v2"

    struct Metadata: Decodable {
        struct OS: Decodable {
            let family: String?
            let name: String?
            enum CodingKeys: String, CodingKey { case family = "Family", name = "Name" }
        }
        let imageID: String?
        let repoTags: [String]?
        let repoDigests: [String]?
        let os: OS?
        enum CodingKeys: String, CodingKey {
            case imageID = "ImageID", repoTags = "RepoTags", repoDigests = "RepoDigests", os = "OS"
        }
    }

    struct Vulnerability: Decodable {
        let vulnerabilityID: String
        let pkgName: String
        let installedVersion: String?
        let fixedVersion: String?
        let severity: String?
        let severitySource: String?
        let title: String?
        let description: String?
        let status: String?
        let pkgPath: String?
        let vendorIDs: [String]?
        /// Source (nvd, redhat, ghsa, …) → V3 base score.
        let v3Scores: [String: Double]

        enum CodingKeys: String, CodingKey {
            case vulnerabilityID = "VulnerabilityID", pkgName = "PkgName", installedVersion = "InstalledVersion"
            case fixedVersion = "FixedVersion", severity = "Severity", severitySource = "SeveritySource"
            case title = "Title", description = "Description", status = "Status", pkgPath = "PkgPath"
            case vendorIDs = "VendorIDs", cvss = "CVSS"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            vulnerabilityID = try c.decode(String.self, forKey: .vulnerabilityID)
            pkgName = try c.decode(String.self, forKey: .pkgName)
            installedVersion = c.lenientString(forKey: .installedVersion)
            fixedVersion = c.lenientString(forKey: .fixedVersion)
            severity = try c.decodeIfPresent(String.self, forKey: .severity)
            severitySource = try? c.decodeIfPresent(String.self, forKey: .severitySource)
            title = try? c.decodeIfPresent(String.self, forKey: .title)
            description = try? c.decodeIfPresent(String.self, forKey: .description)
            status = try? c.decodeIfPresent(String.self, forKey: .status)
            pkgPath = try? c.decodeIfPresent(String.self, forKey: .pkgPath)
            vendorIDs = try? c.decodeIfPresent([String].self, forKey: .vendorIDs)
            var scores: [String: Double] = [:]
            if c.contains(.cvss), (try? c.decodeNil(forKey: .cvss)) == false {
                let sources = try c.nestedContainer(keyedBy: AnyKey.self, forKey: .cvss)
                for source in sources.allKeys {
                    guard let entry = try? sources.nestedContainer(keyedBy: AnyKey.self, forKey: source) else { continue }
                    if let score = entry.lenientDouble(forKey: AnyKey("V3Score")) { scores[source.stringValue] = score }
                }
            }
            v3Scores = scores
        }

        /// The V3 score of the source Trivy took the severity from, else NVD's, else the first
        /// source's in name order.
        var cvssScore: Double? {
            if let source = severitySource, let s = v3Scores[source] { return s }
            if let s = v3Scores["nvd"] { return s }
            return v3Scores.keys.sorted().first.flatMap { v3Scores[$0] }
        }
    }

    struct Secret: Decodable {
        let ruleID: String
        let category: String?
        let severity: String?
        let title: String?
        let startLine: Int?
        let endLine: Int?
        enum CodingKeys: String, CodingKey {
            case ruleID = "RuleID", category = "Category", severity = "Severity", title = "Title"
            case startLine = "StartLine", endLine = "EndLine"
        }
    }

    struct Misconfiguration: Decodable {
        let id: String?
        let avdID: String?
        let type: String?
        let title: String?
        let severity: String?
        let status: String?
        let message: String?
        enum CodingKeys: String, CodingKey {
            case id = "ID", avdID = "AVDID", type = "Type", title = "Title", severity = "Severity"
            case status = "Status", message = "Message"
        }
    }

    struct Result: Decodable {
        let target: String?
        let type: String?
        let vulnerabilities: [Vulnerability]?
        let secrets: [Secret]?
        let misconfigurations: [Misconfiguration]?
        enum CodingKeys: String, CodingKey {
            case target = "Target", type = "Type", vulnerabilities = "Vulnerabilities", secrets = "Secrets"
            case misconfigurations = "Misconfigurations"
        }
    }

    struct Tool: Decodable {
        let version: String?
        enum CodingKeys: String, CodingKey { case version = "Version" }
    }

    let schemaVersion: Int
    let createdAt: String?
    let artifactName: String?
    let artifactType: String?
    let metadata: Metadata?
    let results: [Result]?
    let trivy: Tool?

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "SchemaVersion", createdAt = "CreatedAt", artifactName = "ArtifactName"
        case artifactType = "ArtifactType", metadata = "Metadata", results = "Results", trivy = "Trivy"
    }

    /// Refuses what is not an image scan; everything else in the report is optional.
    func validate() throws {
        let type = artifactType?.lowercased()
        if type == "container_image" { return }
        if type == nil && metadata?.imageID != nil { return }
        let what = (type.map { "ArtifactType \($0)" } ?? "no ArtifactType") + (artifactName.map { " (\($0))" } ?? "")
        throw Refusal.wrongArtifact(scanner: "trivy", artifact: what)
    }

    func report(file: String, sha256: String) -> ParsedReport {
        let meta = metadata
        let subject = ScanSubject(
            imageID: meta?.imageID, imageRef: artifactName, repoDigests: meta?.repoDigests ?? [],
            repoTags: meta?.repoTags ?? [], tagCandidates: (meta?.repoTags ?? []) + [artifactName].compactMap { $0 })
        var vulnerabilities: [VulnerabilityFinding] = []
        var secrets: [SecretFinding] = []
        var misconfigurations: [MisconfigurationFinding] = []
        for result in results ?? [] {
            let target = result.target ?? ""
            for v in result.vulnerabilities ?? [] {
                vulnerabilities.append(
                    VulnerabilityFinding(
                        vulnerabilityID: v.vulnerabilityID,
                        aliases: (v.vendorIDs ?? []).filter { $0 != v.vulnerabilityID },
                        package: v.pkgName, installedVersion: v.installedVersion ?? "",
                        fixedVersion: v.fixedVersion?.nonEmpty, severity: Severity(normalizing: v.severity),
                        cvssScore: v.cvssScore, title: v.title?.firstLine() ?? v.description?.firstLine(),
                        status: v.status?.nonEmpty, packageType: result.type, target: target,
                        pkgPath: v.pkgPath ?? ""))
            }
            for s in result.secrets ?? [] {
                secrets.append(
                    SecretFinding(
                        target: target, ruleID: s.ruleID, startLine: s.startLine ?? 0, endLine: s.endLine,
                        category: s.category, severity: Severity(normalizing: s.severity), title: s.title))
            }
            for m in result.misconfigurations ?? [] {
                guard let id = m.avdID?.nonEmpty ?? m.id?.nonEmpty else { continue }
                misconfigurations.append(
                    MisconfigurationFinding(
                        target: target, checkID: id, type: m.type, title: m.title,
                        severity: Severity(normalizing: m.severity), status: m.status, message: m.message?.firstLine(limit: 500)))
            }
        }
        let os = [meta?.os?.family, meta?.os?.name].compactMap { $0?.nonEmpty }.joined(separator: " ").nonEmpty
        return ParsedReport(
            sourceFile: file, sourceSHA256: sha256, format: Self.format, scanner: .trivy,
            scannerVersion: trivy?.version?.nonEmpty, dbUpdatedAt: nil, scannedAt: Timestamp.utc(createdAt),
            subject: subject, os: os, vulnerabilities: vulnerabilities, secrets: secrets,
            misconfigurations: misconfigurations)
    }
}
