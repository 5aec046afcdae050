/// What posture found inside one image's filesystem: the facts of `image_contents`,
/// `image_files` and `image_accounts` before they become rows.
struct ImageContents: Sendable, Equatable {
    /// A notable file: a shell, a package manager, sudo, a setuid/setgid file or a secret-looking file.
    struct File: Sendable, Equatable {
        enum Category: String, Sendable { case shell, packageManager = "package_manager", sudo, setuid, setgid, secret }
        var category: Category
        /// Absolute path inside the image, with the folders on the way resolved (`/usr/bin/sh`).
        var path: String
        /// Tool or rule name: `bash`, `apt`, `id_rsa`, `extension .jks`, ...
        var name: String
        /// Where the path leads when it is a symlink (`/usr/bin/dash`), `nil` otherwise.
        var target: String?
        var mode: UInt32
        var uid: Int
        var gid: Int
        var size: Int64
    }

    /// A user of /etc/passwd (with its /etc/shadow password state) or a group of /etc/group.
    struct Account: Sendable, Equatable {
        enum Kind: String, Sendable { case user, group }
        enum Password: String, Sendable { case empty, locked, set, unknown }
        var kind: Kind
        var name: String
        var id: Int?
        var primaryGID: Int?
        var home: String?
        var shell: String?
        var password: Password?
        var uid0Alias: Bool
        var duplicateID: Bool
    }

    var layers: Int
    var entries: Int
    var osID: String?
    var osVersionID: String?
    var osPrettyName: String?
    var packageDB: String?
    var packageCount: Int?
    var files: [File]
    var accounts: [Account]

    var shells: [File] { files.filter { $0.category == .shell } }
    var packageManagers: [String] {
        var seen = Set<String>()
        return files.filter { $0.category == .packageManager }.map(\.name).filter { seen.insert($0).inserted }
    }
    var hasSudo: Bool { files.contains { $0.category == .sudo } }

    /// Why the image is not distroless (a shell, a package manager, sudo); empty when it is.
    var distrolessReasons: [String] {
        var reasons: [String] = []
        if !shells.isEmpty { reasons.append("shell: " + shells.map(\.path).joined(separator: ", ")) }
        if !packageManagers.isEmpty { reasons.append("package manager: " + packageManagers.joined(separator: ", ")) }
        if hasSudo { reasons.append("sudo: " + files.filter { $0.category == .sudo }.map(\.path).joined(separator: ", ")) }
        return reasons
    }
}
