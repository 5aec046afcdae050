import Crypto
import Foundation
import PostureFacts

/// The scanners whose reports posture reads.
public enum ScannerKind: String, Sendable, CaseIterable {
    case trivy, grype, snyk
}

/// What a report says it scanned, and how that attaches to images in the `images` and
/// `image_tags` facts.
public struct ScanSubject: Sendable, Hashable {
    /// How the scan attaches to images, strongest first.
    public enum MatchKind: String, Sendable {
        /// The report names the image ID: exact.
        case imageID = "image_id"
        /// No image ID, but a repo digest: same content, whatever the local ID scheme.
        case repoDigest = "repo_digest"
        /// Only a repo:tag: the weakest, a tag can point at another image by now.
        case repoTag = "repo_tag"
        /// Nothing to attach by (a file scan without tags).
        case none
    }

    /// Image ID the report names (`sha256:…`), if any.
    public var imageID: String?
    /// What the scanner was asked to scan (`nginx:1.25`, `repo@sha256:…`, a tarball path).
    public var imageRef: String?
    /// `repo@sha256:…` entries, as reported.
    public var repoDigests: [String]
    /// Tags as reported.
    public var repoTags: [String]
    public var matchKind: MatchKind
    /// Image ID, digest (`sha256:…`) or normalised `repo:tag` to match; `nil` for `.none`.
    public var matchKey: String?

    /// Works out the strongest way to attach from what a report holds; `tagCandidates` are
    /// tried in order for the first plausible image reference.
    init(imageID rawID: String?, imageRef: String?, repoDigests: [String], repoTags: [String], tagCandidates: [String]) {
        let imageID = ImageReference.normalizedImageID(rawID)
        self.imageID = imageID
        self.imageRef = imageRef
        self.repoDigests = repoDigests
        self.repoTags = repoTags
        let parsed = tagCandidates.compactMap(ImageReference.init)
        let digests = repoDigests.compactMap(ImageReference.digest(ofRepoDigest:)) + parsed.compactMap(\.digest)
        if let imageID {
            matchKind = .imageID
            matchKey = imageID
        } else if let digest = digests.first {
            matchKind = .repoDigest
            matchKey = digest
        } else if let tagged = parsed.lazy.compactMap(\.taggedName).first {
            matchKind = .repoTag
            matchKey = tagged
        } else {
            matchKind = .none
            matchKey = nil
        }
    }

    /// Short human form for summaries: `nginx:1.25 (image sha256:0123456789ab)`.
    public var summary: String {
        let name = imageRef ?? repoTags.first ?? "(unnamed)"
        switch matchKind {
        case .imageID: return "\(name) (image \(String((matchKey ?? "").prefix(19))))"
        case .repoDigest: return "\(name) (by repo digest \(String((matchKey ?? "").prefix(19))))"
        case .repoTag: return "\(name) (by repo tag \(matchKey ?? ""), no image ID in the report)"
        case .none: return "\(name) (names no image: attaches to none)"
        }
    }
}

/// One scanner report, parsed and validated, ready to become facts.
public struct ParsedReport: Sendable {
    public var sourceFile: String
    public var sourceSHA256: String
    /// `trivy-json-v2`, `grype-json` or `snyk-json`.
    public var format: String
    public var scanner: ScannerKind
    public var scannerVersion: String?
    /// When the scanner's vulnerability database was built, ISO-8601 UTC.
    public var dbUpdatedAt: String?
    /// When the scan ran, ISO-8601 UTC.
    public var scannedAt: String?
    public var subject: ScanSubject
    public var os: String?
    /// Findings after duplicates collapsed.
    public var vulnerabilities: [VulnerabilityFinding]
    public var secrets: [SecretFinding]
    public var misconfigurations: [MisconfigurationFinding]
    /// Findings the report listed more than once (same vulnerability, package, version, target
    /// and path) and that were stored once.
    public var duplicatesCollapsed: Int

    init(
        sourceFile: String, sourceSHA256: String, format: String, scanner: ScannerKind,
        scannerVersion: String?, dbUpdatedAt: String?, scannedAt: String?, subject: ScanSubject,
        os: String?, vulnerabilities: [VulnerabilityFinding], secrets: [SecretFinding] = [],
        misconfigurations: [MisconfigurationFinding] = []
    ) {
        self.sourceFile = sourceFile
        self.sourceSHA256 = sourceSHA256
        self.format = format
        self.scanner = scanner
        self.scannerVersion = scannerVersion
        self.dbUpdatedAt = dbUpdatedAt
        self.scannedAt = scannedAt
        self.subject = subject
        self.os = os
        // Closures, not key paths: a key path costs a runtime lookup per call, per finding.
        let (unique, dropped) = collapse(vulnerabilities, key: { $0.key }, merge: { $0.absorb($1) })
        self.vulnerabilities = unique
        self.duplicatesCollapsed = dropped
        self.secrets = collapse(secrets, key: { $0.key }).0
        self.misconfigurations = collapse(misconfigurations, key: { $0.key }).0
    }

    /// Stable identity of the scan: the scanner and a hash of the subject, so a newer report of
    /// the same image by the same scanner replaces the older one.
    public var scanID: String {
        let identity = [scanner.rawValue, subject.matchKind.rawValue, subject.matchKey ?? subject.imageRef ?? sourceFile]
            .joined(separator: "\n")
        let digest = SHA256.hash(data: Data(identity.utf8))
        return scanner.rawValue + "-" + digest.prefix(8).lowercaseHex
    }

    public var criticalCount: Int { vulnerabilities.count { $0.severity == .critical } }
    public var highCount: Int { vulnerabilities.count { $0.severity == .high } }
    public var failedMisconfigurationCount: Int { misconfigurations.count { $0.failed } }

    /// One line for `posture import`: format, scanner, subject, findings, critical.
    public var summary: String {
        var text = "\(format)  \(scanner.rawValue)\(scannerVersion.map { " " + $0 } ?? "")  \(subject.summary)  "
        text += "\(counted(vulnerabilities.count, "finding")), \(criticalCount) critical"
        if duplicatesCollapsed > 0 { text += " (\(counted(duplicatesCollapsed, "duplicate")) collapsed)" }
        if !secrets.isEmpty { text += ", \(counted(secrets.count, "secret"))" }
        if failedMisconfigurationCount > 0 { text += ", \(counted(failedMisconfigurationCount, "misconfiguration"))" }
        return text
    }
}

/// `1 finding`, `2 findings`.
func counted(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

func sha256Hex(_ data: Data) -> String {
    SHA256.hash(data: data).lowercaseHex
}
