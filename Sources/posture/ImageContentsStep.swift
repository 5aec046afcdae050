import Foundation
import PostureCollect
import PostureFacts
import PostureStore

/// The image-contents part of `collect`: loads what is stored of the image contents (images are
/// immutable, so an image ID analysed before is never read again; only the rows of images to
/// copy from another engine are loaded), runs an
/// ``ImageContentsCollector`` per reachable engine, and shows progress on stderr when it is a
/// terminal. With `--no-image-contents` every engine's collector is recorded as skipped, which
/// keeps the stored contents as they were.
struct ImageContentsStep: Sendable {
    let enabled: Bool
    let hostRoot: String
    let concurrency: Int
    let showProgress: Bool

    func collect(_ collections: [EngineCollection], session: EngineSession, store: PostureDatabase) async -> [CollectorResult] {
        let name = ImageContentsCollector.collectorName
        var results: [CollectorResult] = []
        for c in collections where !c.reachable {
            results.append(
                CollectorResult(
                    collector: name, engineID: c.endpoint.id, status: .failed,
                    error: "engine unreachable; image contents kept from the last successful collect"))
        }
        let reachable = collections.filter(\.reachable)
        guard enabled else {
            return results
                + reachable.map {
                    CollectorResult(
                        collector: name, engineID: $0.endpoint.id, status: .skipped,
                        error: "--no-image-contents: image contents not read, kept as they were")
                }
        }
        let cache: ImageContentsCache
        do {
            // Only the rows of images one engine lists and another analysed are loaded (to be
            // copied); when an engine's image list is not known yet, every row is.
            let index = ImageContentsCache.Index(try store.imageContentsIndex())
            let lists = reachable.compactMap { c in c.imageIDs.map { (c.endpoint.id, $0) } }
            let needed = lists.count == reachable.count
                ? index.rowsNeeded(listed: Dictionary(lists, uniquingKeysWith: +)) : nil
            cache = ImageContentsCache(
                index: index,
                contents: try store.openFactRows(table: "image_contents", imageIDs: needed),
                files: try store.openFactRows(table: "image_files", imageIDs: needed),
                accounts: try store.openFactRows(table: "image_accounts", imageIDs: needed))
        } catch {
            return results
                + reachable.map {
                    CollectorResult(
                        collector: name, engineID: $0.endpoint.id, status: .failed,
                        error: "cannot read the stored image contents: \(error)")
                }
        }
        let progress: (@Sendable (ImageContentsProgress) -> Void)? =
            showProgress ? { @Sendable p in Self.printProgress(p) } : nil
        let hostRoot = self.hostRoot
        let concurrency = self.concurrency
        let collected = await withTaskGroup(of: CollectorResult.self) { group in
            for c in reachable {
                group.addTask {
                    await ImageContentsCollector(
                        client: session.client(for: c.endpoint), hostRoot: hostRoot, cache: cache,
                        concurrency: concurrency, imageIDs: c.imageIDs, progress: progress
                    ).collect()
                }
            }
            var all: [CollectorResult] = []
            for await result in group { all.append(result) }
            return all.sorted { ($0.engineID ?? "") < ($1.engineID ?? "") }
        }
        return results + collected
    }

    /// `image contents: 3/10 analysed (unix:///var/run/docker.sock)`, rewritten in place.
    static func printProgress(_ p: ImageContentsProgress) {
        let end = p.done == p.total ? "\n" : ""
        FileHandle.standardError.write(Data("\r\u{1B}[Kimage contents: \(p.done)/\(p.total) analysed (\(p.engineID))\(end)".utf8))
    }

    /// One summary line: images analysed now and reused from earlier snapshots.
    static func summary(_ results: [CollectorResult]) -> String? {
        let mine = results.filter { $0.collector == ImageContentsCollector.collectorName && $0.status != .skipped }
        guard !mine.isEmpty else { return nil }
        let analysed = mine.map { $0.counters["images_analysed"] ?? 0 }.reduce(0, +)
        let reused = mine.map { $0.counters["images_reused"] ?? 0 }.reduce(0, +)
        return "  image contents: \(analysed) analysed, \(reused) reused"
    }
}
