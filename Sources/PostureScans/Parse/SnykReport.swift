import PostureJSON

/// Snyk container JSON (`snyk container test IMAGE --json`), one result or an array of results.
///
/// Reads `vulnerabilities[].{id, title, packageName, name, version, fixedIn, severity, cvssScore,
/// identifiers}`, the image identity from `docker.image`, `path`, `applications[].path` and
/// `projectName` (`docker-image|name`), and `applications[]` (the image's application
/// dependencies, each with its own vulnerability list and `targetFile`). Snyk lists a
/// vulnerability once per dependency path; those collapse to one finding. Its JSON names no
/// image ID, scanner version, scan time or database time, so its scans attach by repo tag.
struct SnykResult {
    static let format = "snyk-json"

    struct Vulnerability {
        let id: String
        let title: String?
        let packageName: String?
        let name: String?
        let version: String?
        let fixedIn: [String]
        let severity: String?
        let cvssScore: Double?
        let packageManager: String?
        let aliases: [String]

        init(_ json: JSONValue) throws {
            id = try json.text("id")
            title = json.lenientString("title")
            packageName = json.lenientString("packageName")
            name = json.lenientString("name")
            version = json.lenientString("version")
            fixedIn = json.stringList("fixedIn")
            severity = json.lenientString("severity")
            cvssScore = json.lenientDouble("cvssScore")
            packageManager = json.lenientString("packageManager")
            var aliases: [String] = []
            if let ids = json["identifiers"], ids.kind == .object {
                for kind in ["CVE", "GHSA"] { aliases += ids.stringList(kind) }
            }
            self.aliases = aliases
        }
    }

    let vulnerabilities: [Vulnerability]?
    let applications: [SnykResult]?
    let dockerImage: String?
    let dockerImageID: String?
    let hasDocker: Bool
    let path: String?
    let projectName: String?
    let packageManager: String?
    let targetFile: String?
    let error: String?

    init(_ json: JSONValue) throws {
        vulnerabilities = try json.optionalObjects("vulnerabilities")?.map(Vulnerability.init)
        applications = try json.optionalObjects("applications")?.map(SnykResult.init)
        let docker = json["docker"].flatMap { $0.kind == .object ? $0 : nil }
        hasDocker = docker != nil
        dockerImage = docker?.lenientString("image")
        dockerImageID = docker?.lenientString("imageId")
        path = json.lenientString("path")
        projectName = json.lenientString("projectName")
        packageManager = json.lenientString("packageManager")
        targetFile = json.lenientString("displayTargetFile") ?? json.lenientString("targetFile")
        error = json.lenientString("error")
    }

    /// Names the image may go by, best first.
    var referenceCandidates: [String] {
        var names = [dockerImage, path].compactMap { $0 }
        names += (applications ?? []).compactMap(\.path)
        if let project = projectName, project.hasPrefix("docker-image|") {
            names.append(String(project.dropFirst("docker-image|".count)))
        }
        return names
    }

    var isContainerResult: Bool {
        hasDocker || (projectName?.hasPrefix("docker-image|") ?? false)
    }

    func validate() throws {
        if vulnerabilities == nil, let error {
            throw Refusal.scannerError(scanner: "snyk", message: error)
        }
        guard isContainerResult else {
            let what = "package manager \(packageManager ?? "unknown")" + (path.map { " (\($0))" } ?? "")
            throw Refusal.wrongArtifact(scanner: "snyk", artifact: what)
        }
    }

    var subject: ScanSubject {
        let candidates = referenceCandidates
        let ref = candidates.first { ImageReference($0) != nil } ?? candidates.first
        return ScanSubject(
            imageID: dockerImageID, imageRef: ref, repoDigests: [], repoTags: [], tagCandidates: candidates)
    }

    /// Findings of the image's OS packages and of each application in it.
    var findings: [VulnerabilityFinding] {
        var all = Self.findings(vulnerabilities ?? [], target: targetFile ?? "", packageManager: packageManager)
        for app in applications ?? [] {
            all += Self.findings(app.vulnerabilities ?? [], target: app.targetFile ?? app.path ?? "", packageManager: app.packageManager)
        }
        return all
    }

    static func findings(_ list: [Vulnerability], target: String, packageManager: String?) -> [VulnerabilityFinding] {
        list.map { v in
            VulnerabilityFinding(
                vulnerabilityID: v.id, aliases: v.aliases,
                package: v.packageName ?? v.name ?? "", installedVersion: v.version ?? "",
                fixedVersion: v.fixedIn.isEmpty ? nil : v.fixedIn.joined(separator: ", "),
                severity: Severity(normalizing: v.severity), cvssScore: v.cvssScore, title: v.title?.firstLine(),
                status: v.fixedIn.isEmpty ? "affected" : "fixed", packageType: v.packageManager ?? packageManager,
                target: target, pkgPath: "")
        }
    }

    /// Reports for a list of results: results naming the same image merge into one report.
    static func reports(_ results: [SnykResult], file: String, sha256: String) throws -> [ParsedReport] {
        for result in results { try result.validate() }
        var order: [ScanSubject] = []
        var grouped: [ScanSubject: [VulnerabilityFinding]] = [:]
        for result in results {
            let subject = result.subject
            if grouped[subject] == nil { order.append(subject) }
            grouped[subject, default: []] += result.findings
        }
        return order.map { subject in
            ParsedReport(
                sourceFile: file, sourceSHA256: sha256, format: format, scanner: .snyk, scannerVersion: nil,
                dbUpdatedAt: nil, scannedAt: nil, subject: subject, os: nil, vulnerabilities: grouped[subject] ?? [])
        }
    }
}
