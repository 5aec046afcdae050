import Foundation
import PostureFacts

extension CgroupReader {
    /// Where one cgroup's interface files are: `relative` below an open folder, which is the
    /// hierarchy's mount (shared, ``CgroupMounts``) until a file turns out missing, and the
    /// cgroup's own folder once that has been looked for.
    struct Folder {
        var base: HostFiles.Directory
        /// The cgroup's folder below `base`, with a trailing slash; empty when `base` is it.
        var relative: String
        /// Whether the cgroup's folder is known to exist, so that a missing file is only that.
        var exists: Bool
        let mounts: [String]
        let cgroupPath: String

        /// The real path of the file `name`, for messages and `missing_files`.
        func path(_ name: String) -> String { base.path + "/" + relative + name }
    }

    /// Reads the interface files of one cgroup and remembers which limit files were absent.
    struct Interface {
        let files: HostFiles
        let mounts: CgroupMounts
        private(set) var missing: [String] = []

        init(files: HostFiles, mounts: CgroupMounts) {
            self.files = files
            self.mounts = mounts
        }

        /// The cgroup `path` below the first of the hierarchy's `mounts` there is; whether the
        /// cgroup's folder is there is found out when a file is missing (``file(_:_:)``).
        func folder(mounts candidates: [String], path: String) throws(HostError) -> Folder {
            for candidate in candidates {
                guard let mount = try mounts.mount(candidate) else { continue }
                return Folder(
                    base: mount, relative: path == "/" ? "" : String(path.dropFirst()) + "/", exists: path == "/",
                    mounts: candidates, cgroupPath: path)
            }
            throw missingFolder(mounts: candidates, path: path)
        }

        /// The text of the cgroup's file `name`; `nil` when it does not exist in a folder that
        /// does. The first missing file makes the folder itself looked for below each of the
        /// hierarchy's mounts in turn: found, it is opened and read from from then on; found
        /// nowhere, the container fails (its limits must never read as "unlimited").
        func file(_ folder: inout Folder, _ name: String) throws(HostError) -> String? {
            do {
                return try files.read(folder.relative + name, in: folder.base, .kernelAttribute)
            } catch .notFound {
                guard !folder.exists else { return nil }
                folder = Folder(
                    base: try directory(mounts: folder.mounts, path: folder.cgroupPath), relative: "", exists: true,
                    mounts: folder.mounts, cgroupPath: folder.cgroupPath)
                return try files.readIfExists(name, in: folder.base, .kernelAttribute)
            }
        }

        /// The cgroup's folder, opened: the first of the hierarchy mounts that holds `path`.
        private func directory(mounts: [String], path: String) throws(HostError) -> HostFiles.Directory {
            for mount in mounts {
                do {
                    return try files.directory(mount + (path == "/" ? "" : path))
                } catch .notFound {
                    continue
                }
            }
            throw missingFolder(mounts: mounts, path: path)
        }

        private func missingFolder(mounts: [String], path: String) -> HostError {
            .cgroupDirectoryMissing(path: files.resolve(mounts[0] + (path == "/" ? "" : path), followLast: true), cgroupPath: path)
        }

        /// A limit file read from a cgroup's folder: its text, and its real path (made only
        /// when asked, for an error message).
        struct LimitFile {
            let text: String
            let folder: Folder
            let name: String
            var path: String { folder.path(name) }
        }

        /// A limit file's text; `nil` (and noted as missing) when the controller is not
        /// there. `orElse` names an older spelling tried when the first is absent.
        mutating func limitFile(_ folder: inout Folder?, _ name: String, orElse fallback: String? = nil)
            throws(HostError) -> LimitFile?
        {
            if folder != nil {
                if let text = try file(&folder!, name) { return LimitFile(text: text, folder: folder!, name: name) }
                if let fallback, let text = try file(&folder!, fallback) {
                    return LimitFile(text: text, folder: folder!, name: fallback)
                }
            }
            missing.append(name)
            return nil
        }

        /// A usage counter (the whole file, or the value of `key` in a keyed file); `nil` when
        /// it can not be read. Usage is a sample, so an unreadable counter is simply unknown;
        /// only a cgroup folder found nowhere throws (as for the limits).
        func counter(_ folder: inout Folder?, _ name: String, key: String? = nil) throws(HostError) -> Int64? {
            guard folder != nil else { return nil }
            let text: String?
            do {
                text = try file(&folder!, name)
            } catch .cgroupDirectoryMissing(let path, let cgroupPath) {
                throw .cgroupDirectoryMissing(path: path, cgroupPath: cgroupPath)
            } catch {
                return nil
            }
            guard let text else { return nil }
            if let key { return CgroupValue.keyed(text, key: key) }
            return Int64(text.trimmedOfWhitespace)
        }
    }
}
