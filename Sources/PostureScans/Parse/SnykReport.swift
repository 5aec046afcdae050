/// Snyk container JSON (`snyk container test IMAGE --json`), one result or an array of results.
///
/// Reads `vulnerabilities[].{id, title, packageName, name, version, fixedIn, severity, cvssScore,
/// identifiers}`, the image identity from `docker.image`, `path`, `applications[].path` and
/// `projectName` (`docker-image|name`), and `applications[]` (the image's application
/// dependencies, each with its own vulnerability list and `targetFile`). Snyk lists a
/// vulnerability once per dependency path; those collapse to one finding. Its JSON names no
/// image ID, scanner version, scan time or database time, so its scans attach by repo tag.
struct SnykResult: Decodable {
    static let format = "snyk-json"

    struct Vulnerability: Decodable {
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

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            id = try c.decode(String.self, forKey: AnyKey("id"))
            title = c.lenientString(forKey: AnyKey("title"))
            packageName = c.lenientString(forKey: AnyKey("packageName"))
            name = c.lenientString(forKey: AnyKey("name"))
            version = c.lenientString(forKey: AnyKey("version"))
            fixedIn = c.stringList(forKey: AnyKey("fixedIn"))
            severity = c.lenientString(forKey: AnyKey("severity"))
            cvssScore = c.lenientDouble(forKey: AnyKey("cvssScore"))
            packageManager = c.lenientString(forKey: AnyKey("packageManager"))
            var aliases: [String] = []
            if let ids = try? c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("identifiers")) {
                for kind in ["CVE", "GHSA"] { aliases += ids.stringList(forKey: AnyKey(kind)) }
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

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        vulnerabilities = try c.decodeIfPresent([Vulnerability].self, forKey: AnyKey("vulnerabilities"))
        applications = try c.decodeIfPresent([SnykResult].self, forKey: AnyKey("applications"))
        let docker = try? c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("docker"))
        hasDocker = docker != nil
        dockerImage = docker?.lenientString(forKey: AnyKey("image"))
        dockerImageID = docker?.lenientString(forKey: AnyKey("imageId"))
        path = c.lenientString(forKey: AnyKey("path"))
        projectName = c.lenientString(forKey: AnyKey("projectName"))
        packageManager = c.lenientString(forKey: AnyKey("packageManager"))
        targetFile = c.lenientString(forKey: AnyKey("displayTargetFile")) ?? c.lenientString(forKey: AnyKey("targetFile"))
        error = c.lenientString(forKey: AnyKey("error"))
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
