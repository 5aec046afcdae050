import Foundation
import PostureFacts

/// The per-container host facts (cgroup limits and usage, `/proc/<pid>/status`) of containers
/// read early: while the engine is still being collected, as soon as each container's inspect
/// gives its pid, so these reads overlap the engine's answers instead of following them.
///
/// Reads the files of ``CgroupReader`` and ``ProcessCollector`` below the host root; holds what
/// it read until ``HostCollector`` builds the `cgroups` and `processes` results from it. A
/// container read here counts as read for that pid only: one whose pid is not the one read (or
/// that was never read) is read when the results are built, so nothing is ever missed. Safe to
/// call from any number of tasks at once.
///
/// ``readSoon(engineID:containerID:pid:)`` reads on a thread of its own, one container after
/// another, so the few hundred small file reads of a busy host do not hold up the threads that
/// turn the engine's answers into facts (and ask for the next ones). ``HostCollector`` waits for
/// those reads (``finishPending()``) before it uses them, and reads what is still waiting
/// alongside that thread: once the engine has answered, the reads left are all there is to do,
/// and one thread alone would leave the other cores idle.
public final class ContainerHostReadings: @unchecked Sendable {
    struct Key: Hashable {
        let engineID: String
        let containerID: String
    }

    struct Reading {
        let pid: Int
        let cgroup: Result<CgroupReader.Reading, HostError>
        let process: Result<[String: FactValue], HostError>
    }

    let files: HostFiles
    /// The cgroup hierarchy mounts, opened once for every container of the collect.
    let mounts: CgroupMounts
    private var readings: [Key: Reading] = [:]
    /// The pid each container was last asked to be read at, so asking twice reads once.
    private var asked: [Key: Int] = [:]
    /// Containers asked for, oldest first; those from `next` on are not being read yet.
    private var pending: [(key: Key, pid: Int)] = []
    private var next = 0
    private let lock = NSLock()
    private let queue = DispatchQueue(label: "posture.container-host-readings")

    public init(hostRoot: String = "/") {
        files = HostFiles(root: hostRoot)
        mounts = CgroupMounts(files: files)
    }

    /// Reads the cgroup and process facts of one running container now and keeps them.
    public func read(engineID: String, containerID: String, pid: Int) {
        let reading = Self.reading(pid: pid, files: files, mounts: mounts)
        lock.withLock { readings[Key(engineID: engineID, containerID: containerID)] = reading }
    }

    /// Reads the cgroup and process facts of one running container on this object's own thread,
    /// and returns at once. A container already asked for at the same pid is not read again.
    public func readSoon(engineID: String, containerID: String, pid: Int) {
        let key = Key(engineID: engineID, containerID: containerID)
        let fresh = lock.withLock { () -> Bool in
            guard asked[key] != pid else { return false }
            asked[key] = pid
            pending.append((key, pid))
            return true
        }
        guard fresh else { return }
        queue.async { self.readNext() }
    }

    /// Returns once every read asked with ``readSoon(engineID:containerID:pid:)`` is kept,
    /// reading on the calling thread what this object's thread has not started yet.
    public func finishPending() {
        while readNext() {}
        queue.sync {}  // the one this object's thread may still be reading
    }

    /// Reads the oldest container asked for and not yet taken; `false` when there was none.
    /// (Each ask queues one call on this object's thread, and ``finishPending()`` calls it from
    /// another: whichever comes first reads the container.)
    @discardableResult
    private func readNext() -> Bool {
        let taken = lock.withLock { () -> (key: Key, pid: Int)? in
            guard next < pending.count else { return nil }
            defer {
                next += 1
                if next == pending.count {
                    pending.removeAll(keepingCapacity: true)
                    next = 0
                }
            }
            return pending[next]
        }
        guard let taken else { return false }
        let reading = Self.reading(pid: taken.pid, files: files, mounts: mounts)
        // Asked again at another pid meanwhile: that later ask's reading is the one to keep.
        lock.withLock { if asked[taken.key] == taken.pid { readings[taken.key] = reading } }
        return true
    }

    /// The cgroup reading kept for the container at `pid`, or one made now.
    func cgroup(engineID: String, containerID: String, pid: Int) throws(HostError) -> CgroupReader.Reading {
        if let kept = kept(engineID: engineID, containerID: containerID, pid: pid) { return try kept.cgroup.get() }
        return try CgroupReader(files: files, mounts: mounts).read(pid: pid)
    }

    /// The `/proc/<pid>/status` facts kept for the container at `pid`, or read now.
    func process(engineID: String, containerID: String, pid: Int) throws(HostError) -> [String: FactValue] {
        if let kept = kept(engineID: engineID, containerID: containerID, pid: pid) { return try kept.process.get() }
        return try ProcessCollector.row(pid: pid, files: files)
    }

    private func kept(engineID: String, containerID: String, pid: Int) -> Reading? {
        let kept = lock.withLock { readings[Key(engineID: engineID, containerID: containerID)] }
        return kept?.pid == pid ? kept : nil
    }

    private static func reading(pid: Int, files: HostFiles, mounts: CgroupMounts) -> Reading {
        Reading(
            pid: pid,
            cgroup: Result { () throws(HostError) in try CgroupReader(files: files, mounts: mounts).read(pid: pid) },
            process: Result { () throws(HostError) in try ProcessCollector.row(pid: pid, files: files) })
    }
}
