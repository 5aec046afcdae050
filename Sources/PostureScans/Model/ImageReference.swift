/// Image references as scanners write them, normalised to the short form Docker lists in
/// `RepoTags` (`nginx:latest`, `ghcr.io/org/app:1.2`), so a report's tag can be compared with
/// `image_tags.reference`. The SQL in `schema/0003_scans.sql` strips `docker.io/library/` and
/// `docker.io/` from Podman's fully qualified names the same way.
struct ImageReference: Equatable {
    /// Repository in short form (`nginx`, `ghcr.io/org/app`).
    let repository: String
    let tag: String?
    /// `sha256:…` when the reference pins a digest.
    let digest: String?

    /// `repository:tag`, or `nil` when the reference has only a digest.
    var taggedName: String? { tag.map { "\(repository):\($0)" } }

    /// Parses `[domain[:port]/]path[:tag][@digest]`; `nil` for anything that is not a plausible
    /// image reference (file paths, upper case, spaces, a tag with a slash).
    init?(_ raw: String) {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty || text.hasPrefix("/") || text.hasPrefix(".") { return nil }
        // Grype's source schemes (`docker:nginx:1.25`); `docker:24-dind` is the image docker, tag
        // 24-dind, so a prefix only counts as a scheme when what follows has a tag or a path.
        for prefix in ["docker://", "docker-daemon:", "docker:", "podman:", "registry:"] where text.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count)
            if prefix.hasSuffix("//") || rest.contains(":") || rest.contains("/") || rest.contains("@") {
                text = String(rest)
            }
        }
        var digest: String?
        if let at = text.firstIndex(of: "@") {
            let d = String(text[text.index(after: at)...]).lowercased()
            guard ImageReference.isDigest(d) else { return nil }
            digest = d
            text = String(text[..<at])
        }
        var tag: String?
        if let colon = text.lastIndex(of: ":"), !text[colon...].contains("/") {
            let t = String(text[text.index(after: colon)...])
            guard ImageReference.isTag(t) else { return nil }
            tag = t
            text = String(text[..<colon])
        }
        var components = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !components.isEmpty else { return nil }
        if components.count > 1, ImageReference.isDomain(components[0]) {
            let domain = components[0].lowercased()
            if ["docker.io", "index.docker.io", "registry-1.docker.io"].contains(domain) {
                components.removeFirst()
                if components.count > 1 && components[0] == "library" { components.removeFirst() }
            } else {
                components[0] = domain
            }
        } else if components.count > 1 && components[0] == "library" {
            components.removeFirst()
        }
        let pathStart = (components.count > 1 && ImageReference.isDomain(components[0])) ? 1 : 0
        for component in components[pathStart...] where !ImageReference.isPathComponent(component) { return nil }
        if tag == nil && digest == nil { tag = "latest" }
        self.repository = components.joined(separator: "/")
        self.tag = tag
        self.digest = digest
    }

    /// The digest of a `repo@sha256:…` repo-digest entry, lower case.
    static func digest(ofRepoDigest entry: String) -> String? {
        guard let at = entry.lastIndex(of: "@") else {
            let d = entry.lowercased()
            return isDigest(d) ? d : nil
        }
        let d = String(entry[entry.index(after: at)...]).lowercased()
        return isDigest(d) ? d : nil
    }

    /// `sha256:<64 hex>` (or another algorithm with a hex value), as image IDs and digests are.
    static func isDigest(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let algorithm = text[..<colon]
        let hex = text[text.index(after: colon)...]
        return !algorithm.isEmpty && algorithm.allSatisfy { $0.isLetter || $0.isNumber }
            && hex.count >= 32 && hex.allSatisfy(\.isHexDigit)
    }

    /// An image ID as Docker writes it: `sha256:` and 64 lower-case hex digits; a bare 64-digit
    /// hex ID gets the prefix.
    static func normalizedImageID(_ raw: String?) -> String? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces).lowercased(), !raw.isEmpty else { return nil }
        if raw.count == 64 && raw.allSatisfy(\.isHexDigit) { return "sha256:" + raw }
        return isDigest(raw) ? raw : nil
    }

    private static func isDomain(_ component: String) -> Bool {
        component.contains(".") || component.contains(":") || component == "localhost"
    }

    private static func isTag(_ t: String) -> Bool {
        guard let first = t.first, t.count <= 128, first.isASCII, first.isLetter || first.isNumber || first == "_" else {
            return false
        }
        return t.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") }
    }

    private static func isPathComponent(_ c: String) -> Bool {
        guard let first = c.first, let last = c.last, !c.isEmpty else { return false }
        let allowed: (Character) -> Bool = { $0.isASCII && ($0.isLowercase || $0.isNumber || "._-".contains($0)) }
        return c.allSatisfy(allowed) && (first.isLowercase || first.isNumber) && (last.isLowercase || last.isNumber)
    }
}
