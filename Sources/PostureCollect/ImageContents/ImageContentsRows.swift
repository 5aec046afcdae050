import PostureFacts

/// Columns of `image_contents`, `image_files` and `image_accounts` (schema/0005) and the rows
/// of one analysed (or unreadable) image.
enum ImageContentsRows {
    static let contents = [
        "engine_id", "image_id", "status", "error", "method", "layers", "entries", "os_id", "os_version_id",
        "os_pretty_name", "shell_count", "shells", "package_managers", "has_sudo", "package_db", "package_count",
        "setuid_count", "setgid_count", "secret_file_count", "uid0_aliases", "empty_password_users", "distroless",
        "distroless_reasons", "analysis_ms",
    ]
    static let files = ["engine_id", "image_id", "category", "path", "name", "target", "mode", "uid", "gid", "size"]
    static let accounts = [
        "engine_id", "image_id", "kind", "name", "id", "primary_gid", "home", "shell", "password", "uid0_alias",
        "duplicate_id",
    ]
    static let contentsKey = ["image_id"]
    static let filesKey = ["image_id", "category", "path"]
    static let accountsKey = ["image_id", "kind", "name"]

    /// The rows of one image, by table name.
    struct Image: Sendable {
        var contents: [String: FactValue]
        var files: [[String: FactValue]] = []
        var accounts: [[String: FactValue]] = []

        /// The same rows for another engine holding the same image ID.
        func moved(to engineID: String) -> Image {
            func move(_ row: [String: FactValue]) -> [String: FactValue] {
                var copy = row
                copy["engine_id"] = .text(engineID)
                return copy
            }
            return Image(contents: move(contents), files: files.map(move), accounts: accounts.map(move))
        }
    }

    static func analysed(
        _ facts: ImageContents, engineID: String, imageID: String, method: String, analysisMs: Int
    ) -> Image {
        let key: [String: FactValue] = ["engine_id": .text(engineID), "image_id": .text(imageID)]
        let reasons = facts.distrolessReasons
        let users = facts.accounts.filter { $0.kind == .user }
        var contents = key
        contents["status"] = "ok"
        contents["method"] = .text(method)
        contents["layers"] = .optional(facts.layers)
        contents["entries"] = .optional(facts.entries)
        contents["os_id"] = .optional(facts.osID)
        contents["os_version_id"] = .optional(facts.osVersionID)
        contents["os_pretty_name"] = .optional(facts.osPrettyName)
        contents["shell_count"] = .optional(facts.shells.count)
        contents["shells"] = .text(facts.shells.map(\.path).joined(separator: ","))
        contents["package_managers"] = .text(facts.packageManagers.joined(separator: ","))
        contents["has_sudo"] = .bool(facts.hasSudo)
        contents["package_db"] = .optional(facts.packageDB)
        contents["package_count"] = .optional(facts.packageCount)
        contents["setuid_count"] = .optional(facts.files.filter { $0.category == .setuid }.count)
        contents["setgid_count"] = .optional(facts.files.filter { $0.category == .setgid }.count)
        contents["secret_file_count"] = .optional(facts.files.filter { $0.category == .secret }.count)
        contents["uid0_aliases"] = .text(users.filter(\.uid0Alias).map(\.name).joined(separator: ","))
        contents["empty_password_users"] = .text(users.filter { $0.password == .empty }.map(\.name).joined(separator: ","))
        contents["distroless"] = .bool(reasons.isEmpty)
        contents["distroless_reasons"] = reasons.isEmpty ? .null : .text(reasons.joined(separator: "; "))
        contents["analysis_ms"] = .optional(analysisMs)
        let files = facts.files.map { file -> [String: FactValue] in
            var row = key
            row["category"] = .text(file.category.rawValue)
            row["path"] = .text(file.path)
            row["name"] = .text(file.name)
            row["target"] = .optional(file.target)
            row["mode"] = .text(String(file.mode, radix: 8))
            row["uid"] = .optional(file.uid)
            row["gid"] = .optional(file.gid)
            row["size"] = .optional(file.size)
            return row
        }
        let accounts = facts.accounts.map { account -> [String: FactValue] in
            var row = key
            row["kind"] = .text(account.kind.rawValue)
            row["name"] = .text(account.name)
            row["id"] = .optional(account.id)
            row["primary_gid"] = .optional(account.primaryGID)
            row["home"] = .optional(account.home)
            row["shell"] = .optional(account.shell)
            row["password"] = .optional(account.password?.rawValue)
            row["uid0_alias"] = .bool(account.uid0Alias)
            row["duplicate_id"] = .bool(account.duplicateID)
            return row
        }
        return Image(contents: contents, files: files, accounts: accounts)
    }

    static func unreadable(engineID: String, imageID: String, error: String) -> Image {
        Image(contents: ["engine_id": .text(engineID), "image_id": .text(imageID), "status": "failed", "error": .text(error)])
    }
}

/// The stored rows of images analysed in earlier snapshots (the open versions of
/// `image_contents`, `image_files` and `image_accounts`), by image ID: images are immutable, so
/// an image ID found here is never read again. Images whose analysis failed are not cached.
public struct ImageContentsCache: Sendable {
    private let images: [String: ImageContentsRows.Image]
    private let index: Index

    /// What is stored of each engine's images, without their rows: per engine, the image IDs
    /// whose contents are open for it, `ok` from a successful analysis and `any` whatever it gave.
    public struct Index: Sendable {
        fileprivate var stored: [String: (ok: Set<String>, any: Set<String>)] = [:]

        /// One entry per open `image_contents` version: its engine, image ID and whether its
        /// status is `ok`.
        public init(_ entries: [(engineID: String, imageID: String, ok: Bool)]) {
            for entry in entries {
                stored[entry.engineID, default: ([], [])].any.insert(entry.imageID)
                if entry.ok { stored[entry.engineID, default: ([], [])].ok.insert(entry.imageID) }
            }
        }

        /// The images whose stored rows a collect needs: those an engine lists (`listed`, per
        /// engine ID) without holding their contents, while another engine holds them, so
        /// their rows are copied instead of read again. The others' rows are never loaded.
        public func rowsNeeded(listed: [String: [String]]) -> Set<String> {
            let held = stored.values.reduce(into: Set<String>()) { $0.formUnion($1.ok) }
            var needed = Set<String>()
            for (engine, ids) in listed {
                let own = stored[engine]?.ok ?? []
                for id in ids where !own.contains(id) && held.contains(id) { needed.insert(id) }
            }
            return needed
        }
    }

    public static let empty = ImageContentsCache(images: [:], index: Index([]))

    private init(images: [String: ImageContentsRows.Image], index: Index) {
        self.images = images
        self.index = index
    }

    /// Rows as column → value, as read from the three tables.
    public init(contents: [[String: FactValue]], files: [[String: FactValue]], accounts: [[String: FactValue]]) {
        let entries = contents.compactMap { row -> (engineID: String, imageID: String, ok: Bool)? in
            guard let id = row["image_id"]?.textValue, let engine = row["engine_id"]?.textValue else { return nil }
            return (engine, id, row["status"] == "ok")
        }
        self.init(index: Index(entries), contents: contents, files: files, accounts: accounts)
    }

    /// What is stored (`index`), with the rows of some images only (those
    /// ``Index/rowsNeeded(listed:)`` names): the rows of the others are not needed.
    public init(
        index: Index, contents: [[String: FactValue]], files: [[String: FactValue]], accounts: [[String: FactValue]]
    ) {
        var images: [String: ImageContentsRows.Image] = [:]
        for row in contents where row["status"] == "ok" {
            guard let id = row["image_id"]?.textValue, images[id] == nil else { continue }
            images[id] = ImageContentsRows.Image(contents: row)
        }
        self.index = index
        // Child rows of one engine only: the image's rows are the same in every engine.
        for row in files {
            guard let id = row["image_id"]?.textValue, let image = images[id],
                row["engine_id"] == image.contents["engine_id"]
            else { continue }
            images[id]?.files.append(row)
        }
        for row in accounts {
            guard let id = row["image_id"]?.textValue, let image = images[id],
                row["engine_id"] == image.contents["engine_id"]
            else { continue }
            images[id]?.accounts.append(row)
        }
        self.images = images
    }

    func rows(for imageID: String) -> ImageContentsRows.Image? { images[imageID] }

    /// Whether the contents of `imageID` are stored for `engineID` from a successful analysis:
    /// its open rows stand as they are, and the collector sends nothing for it.
    func holds(_ imageID: String, engineID: String) -> Bool { index.stored[engineID]?.ok.contains(imageID) ?? false }

    /// The image IDs whose contents are stored open for `engineID`, whatever their status.
    func storedIDs(engineID: String) -> Set<String> { index.stored[engineID]?.any ?? [] }
}
