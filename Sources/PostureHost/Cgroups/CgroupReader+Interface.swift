import Foundation
import PostureFacts

extension CgroupReader {
    /// Reads the interface files of one cgroup and remembers which limit files were absent.
    struct Interface {
        let files: HostFiles
        private(set) var missing: [String] = []

        init(files: HostFiles) { self.files = files }

        /// The cgroup's folder, opened: the first of the hierarchy mounts that holds `path`.
        func directory(mounts: [String], path: String) throws(HostError) -> HostFiles.Directory {
            let candidates = mounts.map { $0 + (path == "/" ? "" : path) }
            for candidate in candidates {
                do {
                    return try files.directory(candidate)
                } catch .notFound {
                    continue
                }
            }
            throw .cgroupDirectoryMissing(path: files.resolve(candidates[0], followLast: true), cgroupPath: path)
        }

        /// A limit file's text and real path; `nil` (and noted as missing) when the controller
        /// is not there. `orElse` names an older spelling tried when the first is absent.
        mutating func limitFile(_ dir: HostFiles.Directory?, _ name: String, orElse fallback: String? = nil)
            throws(HostError) -> (text: String, path: String)?
        {
            if let dir {
                for candidate in [name] + (fallback.map { [$0] } ?? []) {
                    if let text = try files.readIfExists(candidate, in: dir, .kernelAttribute) {
                        return (text, dir.path + "/" + candidate)
                    }
                }
            }
            missing.append(name)
            return nil
        }

        /// A usage counter (the whole file, or the value of `key` in a keyed file); `nil` when
        /// it can not be read. Usage is a sample, so an unreadable counter is simply unknown.
        func counter(_ dir: HostFiles.Directory?, _ name: String, key: String? = nil) -> Int64? {
            guard let dir, let text = try? files.read(name, in: dir, .kernelAttribute) else { return nil }
            if let key { return CgroupValue.keyed(text, key: key) }
            return Int64(text.trimmedOfWhitespace)
        }
    }
}
