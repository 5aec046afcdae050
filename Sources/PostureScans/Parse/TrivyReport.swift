import PostureJSON

/// Trivy JSON, schema version 2 (`trivy image --format json`, Trivy 0.20 and later).
///
/// Reads `ArtifactName`, `ArtifactType`, `CreatedAt`, `Trivy.Version`, `Metadata.{ImageID,
/// RepoTags, RepoDigests, OS}` and per result `Target`, `Type`, `Vulnerabilities`, `Secrets`
/// and `Misconfigurations`. Trivy's JSON does not say when its vulnerability database was built.
struct TrivyReport {
    static let format = "trivy-json-v2"

    struct Metadata {
        let imageID: String?
        let repoTags: [String]?
        let repoDigests: [String]?
        let osFamily: String?
        let osName: String?

        init(_ json: JSONValue) throws {
            imageID = try json.optionalText("ImageID")
            repoTags = try json.optionalTextList("RepoTags")
            repoDigests = try json.optionalTextList("RepoDigests")
            let os = try json.optionalObject("OS")
            osFamily = try os?.optionalText("Family")
            osName = try os?.optionalText("Name")
        }
    }

    struct Vulnerability {
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
        let v3Scores: [(source: String, score: Double)]

        init(_ json: JSONValue) throws {
            vulnerabilityID = try json.text("VulnerabilityID")
            pkgName = try json.text("PkgName")
            installedVersion = json.lenientString("InstalledVersion")
            fixedVersion = json.lenientString("FixedVersion")
            severity = try json.optionalText("Severity")
            severitySource = json["SeveritySource"]?.string
            title = json["Title"]?.string
            // Only a fallback for the title: descriptions run to kilobytes.
            description = title?.firstLine() == nil ? json["Description"]?.string : nil
            status = json["Status"]?.string
            pkgPath = json["PkgPath"]?.string
            vendorIDs = try? json.optionalTextList("VendorIDs")
            var scores: [(source: String, score: Double)] = []
            if let sources = try json.optionalObject("CVSS") {
                for (source, entry) in sources.members where entry.kind == .object {
                    if let score = entry.lenientDouble("V3Score") { scores.append((source, score)) }
                }
            }
            v3Scores = scores
        }

        func score(from source: String) -> Double? { v3Scores.first { $0.source == source }?.score }

        /// The V3 score of the source Trivy took the severity from, else NVD's, else the first
        /// source's in name order.
        var cvssScore: Double? {
            if let source = severitySource, let s = score(from: source) { return s }
            if let s = score(from: "nvd") { return s }
            return v3Scores.min { $0.source < $1.source }?.score
        }
    }

    struct Secret {
        let ruleID: String
        let category: String?
        let severity: String?
        let title: String?
        let startLine: Int?
        let endLine: Int?

        init(_ json: JSONValue) throws {
            ruleID = try json.text("RuleID")
            category = try json.optionalText("Category")
            severity = try json.optionalText("Severity")
            title = try json.optionalText("Title")
            startLine = try json.optionalInt("StartLine")
            endLine = try json.optionalInt("EndLine")
        }
    }

    struct Misconfiguration {
        let id: String?
        let avdID: String?
        let type: String?
        let title: String?
        let severity: String?
        let status: String?
        let message: String?

        init(_ json: JSONValue) throws {
            id = try json.optionalText("ID")
            avdID = try json.optionalText("AVDID")
            type = try json.optionalText("Type")
            title = try json.optionalText("Title")
            severity = try json.optionalText("Severity")
            status = try json.optionalText("Status")
            message = try json.optionalText("Message")
        }
    }

    struct Result {
        let target: String?
        let type: String?
        let vulnerabilities: [Vulnerability]
        let secrets: [Secret]
        let misconfigurations: [Misconfiguration]

        init(_ json: JSONValue) throws {
            target = try json.optionalText("Target")
            type = try json.optionalText("Type")
            vulnerabilities = try (json.optionalObjects("Vulnerabilities") ?? []).map(Vulnerability.init)
            secrets = try (json.optionalObjects("Secrets") ?? []).map(Secret.init)
            misconfigurations = try (json.optionalObjects("Misconfigurations") ?? []).map(Misconfiguration.init)
        }
    }

    let schemaVersion: Int
    let createdAt: String?
    let artifactName: String?
    let artifactType: String?
    let metadata: Metadata?
    let results: [Result]
    let trivyVersion: String?

    init(_ json: JSONValue) throws {
        let version = try json.required("SchemaVersion")
        guard let schema = version.int else { throw version.shapeError(.notA(.wholeNumber)) }
        schemaVersion = schema
        createdAt = try json.optionalText("CreatedAt")
        artifactName = try json.optionalText("ArtifactName")
        artifactType = try json.optionalText("ArtifactType")
        metadata = try json.optionalObject("Metadata").map(Metadata.init)
        results = try (json.optionalObjects("Results") ?? []).map(Result.init)
        trivyVersion = try json.optionalObject("Trivy")?.optionalText("Version")
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
        for result in results {
            let target = result.target ?? ""
            for v in result.vulnerabilities {
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
            for s in result.secrets {
                secrets.append(
                    SecretFinding(
                        target: target, ruleID: s.ruleID, startLine: s.startLine ?? 0, endLine: s.endLine,
                        category: s.category, severity: Severity(normalizing: s.severity), title: s.title))
            }
            for m in result.misconfigurations {
                guard let id = m.avdID?.nonEmpty ?? m.id?.nonEmpty else { continue }
                misconfigurations.append(
                    MisconfigurationFinding(
                        target: target, checkID: id, type: m.type, title: m.title,
                        severity: Severity(normalizing: m.severity), status: m.status, message: m.message?.firstLine(limit: 500)))
            }
        }
        let os = [meta?.osFamily, meta?.osName].compactMap { $0?.nonEmpty }.joined(separator: " ").nonEmpty
        return ParsedReport(
            sourceFile: file, sourceSHA256: sha256, format: Self.format, scanner: .trivy,
            scannerVersion: trivyVersion?.nonEmpty, dbUpdatedAt: nil, scannedAt: Timestamp.utc(createdAt),
            subject: subject, os: os, vulnerabilities: vulnerabilities, secrets: secrets,
            misconfigurations: misconfigurations)
    }
}
