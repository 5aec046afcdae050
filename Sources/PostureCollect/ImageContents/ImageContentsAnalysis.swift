import Foundation

/// Derives ``ImageContents`` from an ``ImageTree``: shells and package managers (symlinks
/// followed inside the image), sudo, setuid/setgid files, secret-looking files (the catalogue's
/// img-secrets names and extensions), os-release, the package count, and the accounts of
/// /etc/passwd, /etc/shadow and /etc/group.
enum ImageContentsAnalysis {
    static let shellNames = ["sh", "bash", "ash", "dash", "busybox"]
    static let packageManagerNames = [
        "apt", "apt-get", "dpkg", "apk", "yum", "dnf", "microdnf", "rpm", "zypper", "pip", "pip3", "npm",
    ]
    static let binaryFolders = ["bin", "sbin", "usr/bin", "usr/sbin", "usr/local/bin", "usr/local/sbin"]

    /// Basenames of img-secrets (dockle's CIS-DI-0010 list) plus SSH host keys.
    static let secretNames: Set<String> = [
        "credentials.json", "credential.json", "credentials", "credential", "password.txt", "id_rsa", "id_dsa",
        "id_ecdsa", "id_ed25519", "secret_token.rb", "carrierwave.rb", "omniauth.rb", "settings.py", "database.yml",
        "credentials.xml", ".env",
    ]
    static let secretExtensions: Set<String> = [
        "secret", "ovpn", "private_key", "cscfg", "rdp", "mdf", "sdf", "bek", "tpm", "fve", "jks", "psafe3",
        "agilekeychain", "keychain", "pcap", "gnucache",
    ]

    static func analyse(_ tree: ImageTree) -> ImageContents {
        var files: [ImageContents.File] = []
        files += tools(shellNames, category: .shell, in: tree, folders: ["bin", "usr/bin"])
        files += tools(packageManagerNames, category: .packageManager, in: tree, folders: binaryFolders)
        files += tools(["sudo"], category: .sudo, in: tree, folders: binaryFolders)
        for (path, node) in tree.nodes.sorted(by: { $0.key < $1.key }) where node.kind == .file {
            if node.mode & 0o4000 != 0 { files.append(file(.setuid, path, node.name(path), nil, node)) }
            if node.mode & 0o2000 != 0 { files.append(file(.setgid, path, node.name(path), nil, node)) }
            if let rule = secretRule(path) { files.append(file(.secret, path, rule, nil, node)) }
        }
        let release = OSRelease.parse(text(tree, "etc/os-release") ?? text(tree, "usr/lib/os-release"))
        let (db, count) = packages(tree)
        return ImageContents(
            layers: tree.layers, entries: tree.nodes.count, osID: release["ID"], osVersionID: release["VERSION_ID"],
            osPrettyName: release["PRETTY_NAME"], packageDB: db, packageCount: count, files: files,
            accounts: AccountFiles.accounts(
                passwd: text(tree, "etc/passwd"), shadow: text(tree, "etc/shadow"), group: text(tree, "etc/group")))
    }

    /// Every `folder/name` that leads to a regular file, once per real location of the name
    /// (with /bin → usr/bin, /bin/sh and /usr/bin/sh are the same entry).
    private static func tools(
        _ names: [String], category: ImageContents.File.Category, in tree: ImageTree, folders: [String]
    ) -> [ImageContents.File] {
        var seen = Set<String>()
        var result: [ImageContents.File] = []
        for name in names {
            for folder in folders {
                guard let at = tree.resolveParent(folder + "/" + name), seen.insert(at.path).inserted,
                    let final = tree.resolve(at.path), final.node.kind == .file
                else { continue }
                let target = at.node.kind == .symlink ? "/" + final.path : nil
                result.append(file(category, at.path, name, target, final.node))
            }
        }
        return result
    }

    private static func file(
        _ category: ImageContents.File.Category, _ path: String, _ name: String, _ target: String?, _ node: ImageNode
    ) -> ImageContents.File {
        ImageContents.File(
            category: category, path: "/" + path, name: name, target: target, mode: node.mode, uid: node.uid,
            gid: node.gid, size: node.size)
    }

    static func secretRule(_ path: String) -> String? {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        if secretNames.contains(base) { return base }
        if base.hasPrefix("ssh_host_"), base.hasSuffix("_key") { return "ssh host key" }
        if let dot = base.lastIndex(of: "."), dot != base.startIndex {
            let ext = String(base[base.index(after: dot)...]).lowercased()
            if secretExtensions.contains(ext) { return "extension ." + ext }
        }
        return nil
    }

    private static func text(_ tree: ImageTree, _ path: String) -> String? {
        tree.resolve(path)?.node.captured?.text
    }

    /// The package database present and its count: dpkg (status, or distroless's status.d),
    /// apk, or rpm (present, not counted: its database is Berkeley DB, NDB or SQLite).
    private static func packages(_ tree: ImageTree) -> (String?, Int?) {
        if let count = tree.resolve("var/lib/dpkg/status")?.node.captured?.packageCount, count > 0 {
            return ("dpkg", count)
        }
        let parts = tree.nodes.compactMap { path, node in
            path.hasPrefix("var/lib/dpkg/status.d/") ? node.captured?.packageCount : nil
        }
        if !parts.isEmpty { return ("dpkg", parts.reduce(0, +)) }
        if tree.resolve("var/lib/dpkg/status") != nil { return ("dpkg", 0) }
        for path in ["lib/apk/db/installed", "usr/lib/apk/db/installed"] {
            if let count = tree.resolve(path)?.node.captured?.packageCount { return ("apk", count) }
        }
        for path in [
            "var/lib/rpm/rpmdb.sqlite", "var/lib/rpm/Packages", "var/lib/rpm/Packages.db",
            "usr/lib/sysimage/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/Packages.db",
        ] where tree.resolve(path) != nil {
            return ("rpm", nil)
        }
        return (nil, nil)
    }
}

extension ImageNode {
    fileprivate func name(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

/// `KEY=value` lines of os-release, quotes removed.
enum OSRelease {
    static func parse(_ text: String?) -> [String: String] {
        guard let text else { return [:] }
        var result: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let eq = trimmed.firstIndex(of: "=") else { continue }
            var value = String(trimmed[trimmed.index(after: eq)...])
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            result[String(trimmed[..<eq])] = value
        }
        return result
    }
}
