import Foundation
import PostureFacts

/// Progress of image analysis, for a terminal: images analysed so far out of those to analyse.
public struct ImageContentsProgress: Sendable {
    public let engineID: String
    public let done: Int
    public let total: Int
}

/// Collects `image_contents`, `image_files` and `image_accounts` for one engine: takes the
/// image IDs the `images` collector listed (or lists them, `GET /images/json`), leaves the
/// stored rows of every image ID analysed before for this engine as they are (images are
/// immutable), copies those another engine's analysis stored, and reads the filesystem of each
/// new image with ``ImageFilesystemReader`` (graph driver folders or the streamed export), at
/// most `concurrency` at once. Its fact sets are a subset (``FactSet/Subset``): the images
/// written now and those the engine no longer lists, whose rows are closed.
///
/// Never throws: an image whose filesystem can not be read gets a `failed` row with the
/// reason and makes the collector partial (it is tried again next time); an unreadable image
/// list fails the collector and leaves the facts as they were. The result counts analysed and
/// reused images in `snapshot_collectors.images_analysed` / `images_reused`.
public struct ImageContentsCollector: Sendable {
    let client: EngineClient
    let hostRoot: String
    let cache: ImageContentsCache
    let concurrency: Int
    let method: ImageFilesystemReader.Method
    let progress: (@Sendable (ImageContentsProgress) -> Void)?
    /// The engine's image IDs as listed earlier in this collect; `nil` to list them here.
    let listed: [String]?

    public init(
        client: EngineClient, hostRoot: String = "/", cache: ImageContentsCache = .empty, concurrency: Int = 2,
        method: String = "auto", imageIDs: [String]? = nil, progress: (@Sendable (ImageContentsProgress) -> Void)? = nil
    ) {
        self.client = client
        self.listed = imageIDs
        self.hostRoot = hostRoot
        self.cache = cache
        self.concurrency = concurrency
        self.method = ImageFilesystemReader.Method(rawValue: method) ?? .auto
        self.progress = progress
    }

    public static let collectorName = "image_contents"

    var engineID: String { client.endpoint.id }

    public func collect() async -> CollectorResult {
        let start = ContinuousClock.now
        let ids: [String]
        do {
            if let listed {
                ids = listed
            } else {
                ids = try await client.getArray("/images/json").compactMap { $0["Id"].string }
            }
        } catch {
            return CollectorResult(
                collector: Self.collectorName, engineID: engineID, status: .failed,
                error: (error as? LocalizedError)?.errorDescription ?? "\(error)", durationMs: elapsedMs(since: start))
        }
        // Images are immutable: the contents stored for this engine stand, and only the images
        // new to it (analysed now, or copied from another engine's rows) and those it no longer
        // lists are written, as a subset of the three tables (at 5,000 containers, comparing
        // every stored row again cost 30 ms a collect).
        var images: [ImageContentsRows.Image] = []
        var fresh: [String] = []
        var held = 0
        for id in ids {
            if cache.holds(id, engineID: engineID) {
                held += 1
            } else if let stored = cache.rows(for: id) {
                images.append(stored.moved(to: engineID))
            } else {
                fresh.append(id)
            }
        }
        let gone = cache.storedIDs(engineID: engineID).subtracting(ids)
        let reader = ImageFilesystemReader(client: client, hostRoot: hostRoot, method: method)
        let engineID = self.engineID
        let counter = ProgressCounter(engineID: engineID, total: fresh.count, report: progress)
        let analysed = await boundedMap(fresh, limit: concurrency) { id -> ImageContentsRows.Image? in
            defer { counter.step() }
            let began = ContinuousClock.now
            do {
                let (tree, how) = try await reader.read(imageID: id)
                let facts = ImageContentsAnalysis.analyse(tree)
                return ImageContentsRows.analysed(
                    facts, engineID: engineID, imageID: id, method: how, analysisMs: elapsedMs(since: began))
            } catch CollectError.notFound {
                return nil  // removed while posture was reading
            } catch {
                let message = (error as? LocalizedError)?.errorDescription ?? "\(error)"
                return ImageContentsRows.unreadable(engineID: engineID, imageID: id, error: message)
            }
        }
        images += analysed.compactMap { $0 }
        let failures = images.filter { $0.contents["status"] == "failed" }
        let written = FactSet.Subset(
            column: "image_id", values: Set(images.compactMap { $0.contents["image_id"]?.textValue } + fresh).union(gone).sorted())
        var contents = TableColumns.set(
            "image_contents", ImageContentsRows.contents, key: ImageContentsRows.contentsKey, engineID: engineID,
            subset: written)
        var files = TableColumns.set(
            "image_files", ImageContentsRows.files, key: ImageContentsRows.filesKey, engineID: engineID, subset: written)
        var accounts = TableColumns.set(
            "image_accounts", ImageContentsRows.accounts, key: ImageContentsRows.accountsKey, engineID: engineID,
            subset: written)
        for image in images {
            contents.append(image.contents)
            image.files.forEach { files.append($0) }
            image.accounts.forEach { accounts.append($0) }
        }
        var result = CollectorResult(
            collector: Self.collectorName, engineID: engineID, status: failures.isEmpty ? .ok : .partial,
            error: failures.isEmpty
                ? nil
                : "could not read \(failures.count) image(s): "
                    + failures.prefix(3).map {
                        "\($0.contents["image_id"]?.textValue?.prefix(19) ?? "?"): \($0.contents["error"]?.textValue ?? "")"
                    }.joined(separator: "; "),
            itemCount: images.count + held, durationMs: elapsedMs(since: start), facts: [contents, files, accounts])
        result.counters = ["images_analysed": fresh.count, "images_reused": ids.count - fresh.count]
        return result
    }
}

/// Counts finished analyses and reports each step.
private final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    let engineID: String
    let total: Int
    let report: (@Sendable (ImageContentsProgress) -> Void)?

    init(engineID: String, total: Int, report: (@Sendable (ImageContentsProgress) -> Void)?) {
        self.engineID = engineID
        self.total = total
        self.report = report
    }

    func step() {
        let now = lock.withLock {
            done += 1
            return done
        }
        report?(ImageContentsProgress(engineID: engineID, done: now, total: total))
    }
}
