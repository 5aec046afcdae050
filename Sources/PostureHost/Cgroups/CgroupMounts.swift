import Foundation

/// The cgroup hierarchy mounts below the host root (`/sys/fs/cgroup`, or on cgroup v1
/// `/sys/fs/cgroup/memory`, `/sys/fs/cgroup/cpu,cpuacct`, ...), each opened once and shared by
/// the readings of every container of a collect.
///
/// A container's interface files are opened relative to its hierarchy's open mount
/// (`docker/<id>/memory.limit_in_bytes`), so reading a container costs no system call to open
/// and close a folder of its own per hierarchy: ten of the fifty or so a cgroup v1 container
/// cost. Reads nothing but the mounts' folders; safe to use from any thread.
final class CgroupMounts: @unchecked Sendable {
    let files: HostFiles
    private var opened: [String: Result<HostFiles.Directory, HostError>] = [:]
    private let lock = NSLock()

    init(files: HostFiles) {
        self.files = files
    }

    /// The mount folder `hostPath`, opened; `nil` when there is none. Other failures (a missing
    /// permission) throw.
    func mount(_ hostPath: String) throws(HostError) -> HostFiles.Directory? {
        let result = lock.withLock { () -> Result<HostFiles.Directory, HostError> in
            if let known = opened[hostPath] { return known }
            let result = Result { () throws(HostError) in try files.directory(hostPath) }
            opened[hostPath] = result
            return result
        }
        switch result {
        case .success(let directory): return directory
        case .failure(.notFound): return nil
        case .failure(let error): throw error
        }
    }
}
