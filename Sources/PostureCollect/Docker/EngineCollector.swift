import Foundation
import PostureFacts

/// What one engine yielded in one collect: the collector results to store, plus what the
/// host collectors and the summary need (kind, rootless, running containers' pids).
public struct EngineCollection: Sendable {
    public struct Container: Sendable {
        public let containerID: String
        public let name: String
        public let pid: Int?
    }

    public let endpoint: EngineEndpoint
    public var results: [CollectorResult] = []
    public var reachable = false
    public var kind: String?
    public var rootless: Bool?
    public var containers: [Container] = []
    public var imageCount = 0
    /// The IDs `/images/json` listed, for the image contents collector (which then need not
    /// ask again); `nil` when the list could not be read.
    public var imageIDs: [String]?
    public var networkCount = 0
}

/// Collects one engine over its API: `engine` (`/version`, `/info` → `engines`),
/// `containers` (`/containers/json?all=1` and one inspect per container → `containers` and its
/// child tables), `images` (`/images/json`, inspect and history per image → `images`,
/// `image_tags`, `image_env`, `image_history`), `networks` (`/networks` → `networks`) and
/// `volumes` (`/volumes` → `volumes`).
///
/// Never throws: an unreachable engine becomes a failed `engine` result that patches
/// `engines.reachable` to 0 (keeping what was known), and the other collectors report failed
/// without touching their facts. A container or image removed between list and inspect is
/// simply absent; any other inspect error makes the collector partial (nothing removed).
public struct EngineCollector: Sendable {
    /// Called from the inspect tasks with each running container's ID and host pid as soon as
    /// its inspect is read, so host facts can be read while other inspects are in flight.
    public typealias Inspected = @Sendable (_ containerID: String, _ pid: Int) -> Void
    /// Called once the engine's `/version` and `/info` are read, with its kind and whether it
    /// is rootless, while its containers are still being inspected.
    public typealias Identified = @Sendable (_ kind: String, _ rootless: Bool?) -> Void
    /// Called with a container's ID as soon as it is seen to differ from the last snapshot:
    /// its inspect is not the known document (a new or changed container), or it was known and
    /// is no longer listed. Never for an unchanged container.
    public typealias ContainersChanged = @Sendable (_ containerID: String) -> Void

    let client: EngineClient
    let hasher: SecretHasher
    let concurrency: Int
    let inspected: Inspected?
    let identified: Identified?
    let containersChanged: ContainersChanged?
    /// Containers this engine had at the last snapshot: inspected while the container list is
    /// still being answered, and not read again when their inspect document is unchanged (see
    /// ``collectContainers()``). Asked for once the container list is asked for, so the store
    /// they come from can still be opening while the engine's first answers arrive.
    let known: @Sendable () async -> [KnownContainer]
    /// Per image ID, the digest of the inspect and history documents the image's current facts
    /// were read from: an image whose documents are unchanged is not read again (see
    /// ``collectImages()``). Asked for once the image list came.
    let knownImages: @Sendable () async -> [String: Data]

    /// `known` gives the containers of the last snapshot when they are first needed (see
    /// ``known``), `knownImages` the digests of its images (``knownImages``).
    public init(
        client: EngineClient, hasher: SecretHasher, concurrency: Int = 8, inspected: Inspected? = nil,
        identified: Identified? = nil, containersChanged: ContainersChanged? = nil,
        known: @escaping @Sendable () async -> [KnownContainer] = { [] },
        knownImages: @escaping @Sendable () async -> [String: Data] = { [:] }
    ) {
        self.client = client
        self.hasher = hasher
        self.concurrency = concurrency
        self.inspected = inspected
        self.identified = identified
        self.containersChanged = containersChanged
        self.known = known
        self.knownImages = knownImages
    }

    var engineID: String { client.endpoint.id }

    public func collect() async -> EngineCollection {
        var collection = EngineCollection(endpoint: client.endpoint)
        let start = ContinuousClock.now
        let client = self.client
        // The version comes from `/_ping`, answered at once; `/version` (which the engine takes a
        // while to gather) is then asked with the rest. An engine whose `/_ping` gives no version
        // is asked `/version` first.
        let negotiated: EngineValue?
        do {
            negotiated = try await client.negotiateFromPing() ? nil : try await client.negotiateVersion()
        } catch {
            collection.results = unreachable(error, start: start)
            return collection
        }
        // `/version` and `/info` are answered while the lists and inspects are already asked for;
        // they need only the negotiated version.
        async let versionAnswer = Self.answer {
            if let negotiated { return negotiated }
            return try await client.getObject("/version", versioned: false)
        }
        async let infoAnswer = Self.answer { try await client.getObject("/info") }
        async let containers = collectContainers()
        async let images = collectImages()
        async let networks = collectList(
            "networks", path: "/networks", table: "networks", columns: TableColumns.networks, key: ["network_id"]
        ) { NetworkFacts.row($0, engineID: engineID) }
        async let volumes = collectVolumes()
        let version: EngineValue
        let info: EngineValue
        switch (await versionAnswer, await infoAnswer) {
        case (.success(let v), .success(let i)): (version, info) = (v, i)
        case (.failure(let error), _), (_, .failure(let error)):
            // An engine that answers /_ping but not /version or /info is not trusted for the rest either.
            _ = await (containers, images, networks, volumes)
            collection.results = unreachable(error, start: start)
            return collection
        }
        let facts = EngineFacts(version: version, info: info, endpoint: client.endpoint)
        var engines = TableColumns.set("engines", TableColumns.engines, key: ["engine_id"], engineID: engineID)
        engines.append(facts.row)
        collection.reachable = true
        collection.kind = facts.kind
        collection.rootless = facts.rootless
        identified?(facts.kind, facts.rootless)
        collection.results.append(
            CollectorResult(
                collector: "engine", engineID: engineID, itemCount: 1, durationMs: elapsedMs(since: start),
                facts: [engines]))

        let (containerResult, containerList) = await containers
        collection.results.append(containerResult)
        collection.containers = containerList
        let (imageResult, imageIDs) = await images
        collection.imageCount = imageResult.itemCount
        collection.imageIDs = imageIDs
        collection.results.append(imageResult)
        let networkResult = await networks
        collection.networkCount = networkResult.itemCount
        collection.results.append(networkResult)
        collection.results.append(await volumes)
        return collection
    }

    /// An unreachable engine: a failed `engine` result that marks `engines.reachable` 0 (keeping
    /// what was known) and failed results for the other collectors, which touch no facts.
    private func unreachable(_ error: any Error, start: ContinuousClock.Instant) -> [CollectorResult] {
        let message = (error as? LocalizedError)?.errorDescription ?? "\(error)"
        var patch = TableColumns.set(
            "engines", ["engine_id", "endpoint", "reachable", "error"], key: ["engine_id"], engineID: engineID,
            mode: .patch)
        patch.append(["engine_id": .text(engineID), "endpoint": .text(engineID), "reachable": 0, "error": .text(message)])
        var results = [
            CollectorResult(
                collector: "engine", engineID: engineID, status: .failed, error: message,
                durationMs: elapsedMs(since: start), facts: [patch])
        ]
        for name in ["containers", "images", "networks", "volumes"] {
            results.append(
                CollectorResult(
                    collector: name, engineID: engineID, status: .failed,
                    error: "engine unreachable; facts kept from the last successful collect"))
        }
        return results
    }

    private static func answer<T: Sendable>(_ fetch: @Sendable () async throws -> T) async -> Result<T, any Error> {
        do {
            return .success(try await fetch())
        } catch {
            return .failure(error)
        }
    }

    private enum Fetched<T: Sendable>: Sendable {
        case found(T)
        case vanished
        case failed(String)
    }

    /// What one inspect yielded: a document read into rows, or the document the container's
    /// current facts were read from (its digest matches), which is not read again.
    private enum Inspect: Sendable {
        case read(ContainerRows, digest: Data)
        case unchanged(KnownContainer)
    }

    /// The containers: the list, and one inspect per listed container.
    ///
    /// The list decides which containers the snapshot has. The containers of the last snapshot
    /// (``known``) are inspected while the list is still being answered, which on a busy engine
    /// takes as long as a third of the inspects; the listed ones not known are inspected once it
    /// came. An early inspect of a container the list no longer names is dropped, one of a
    /// container removed meanwhile answers 404 like any late one. Every inspect, early or late,
    /// takes one of the same `concurrency` slots.
    ///
    /// An inspect document whose keyed digest is the one the container's current facts were
    /// read from is not parsed again: the fact sets then cover only the other containers
    /// (``FactSet/Subset``), and the unchanged ones keep their facts as they are. That is most
    /// of a collect on a quiet host, and its cost grows with what changed.
    private func collectContainers() async -> (CollectorResult, [EngineCollection.Container]) {
        let start = ContinuousClock.now
        let client = self.client
        let engineID = self.engineID
        let hasher = self.hasher
        let inspected = self.inspected
        let containersChanged = self.containersChanged
        let slots = InspectSlots(concurrency)
        // The list is asked for first; the known containers may still be read from the store.
        async let listed = Self.answer { try await client.getArray("/containers/json?all=1") }
        let known = await self.known()
        let knownByID = Dictionary(known.map { ($0.containerID, $0) }, uniquingKeysWith: { a, _ in a })
        // Each task turns its inspect into rows in the tables' column order right away, so the
        // per-row dictionaries of ContainerFacts live for one container at a time (at 5,000
        // containers they were most of a collect's peak memory) and are built in parallel.
        let inspect: @Sendable (String) async -> Fetched<Inspect> = { id in
            await slots.take()
            defer { slots.give() }
            let path = "/containers/\(id)/json"
            do {
                let data = try await client.get(path)
                let digest = hasher.digest(data, domain: ContainerFacts.revision)
                if let known = knownByID[id], known.digest == digest {
                    if let inspected, let pid = known.pid { inspected(id, pid) }
                    return .found(.unchanged(known))
                }
                containersChanged?(id)
                let document = try EngineClient.object(from: data, endpoint: engineID, path: path)
                let rows = ContainerRows(ContainerFacts(inspect: document, engineID: engineID, hasher: hasher))
                if let inspected, let pid = rows.pid { inspected(rows.containerID, pid) }
                return .found(.read(rows, digest: digest))
            } catch CollectError.notFound {
                return .vanished
            } catch {
                return .failed("\(id.prefix(12)): \((error as? LocalizedError)?.errorDescription ?? "\(error)")")
            }
        }
        let knownIDs = known.map(\.containerID)
        async let early = boundedMap(knownIDs, limit: concurrency, inspect)
        let list: [EngineValue]
        switch await listed {
        case .success(let value): list = value
        case .failure(let error):
            _ = await early
            return (failed("containers", error, start), [])
        }
        let ids = list.compactMap { $0["Id"].string }
        if let containersChanged {
            let listed = Set(ids)
            for id in knownIDs where !listed.contains(id) { containersChanged(id) }
        }
        let late = ids.filter { knownByID[$0] == nil }
        let lateFetched = await boundedMap(late, limit: concurrency, inspect)
        var byID = Dictionary(zip(knownIDs, await early), uniquingKeysWith: { a, _ in a })
        for (id, result) in zip(late, lateFetched) { byID[id] = result }
        let fetched = ids.map { byID[$0] ?? .vanished }
        let errors = fetched.compactMap { if case .failed(let e) = $0 { return e } else { return nil } }
        let mode: FactSet.Mode = errors.isEmpty ? .complete : .partial
        var digests = InspectDigests(engineID: engineID, complete: errors.isEmpty)
        var summary: [EngineCollection.Container] = []
        var readRows: [ContainerRows] = []
        for case .found(let inspect) in fetched {
            switch inspect {
            case .read(let rows, let digest):
                readRows.append(rows)
                digests.read[rows.containerID] = digest
                summary.append(EngineCollection.Container(containerID: rows.containerID, name: rows.name, pid: rows.pid))
            case .unchanged(let known):
                digests.unchanged.append(known.containerID)
                summary.append(EngineCollection.Container(containerID: known.containerID, name: known.name, pid: known.pid))
            }
        }
        // Unchanged containers keep their facts: the sets replace only the others' (the read,
        // the vanished and, when an inspect failed, the failed ones, which `.partial` keeps).
        let unchanged = Set(digests.unchanged)
        let others = Set(ids + knownIDs + readRows.map(\.containerID)).subtracting(unchanged)
        let subset = unchanged.isEmpty ? nil : FactSet.Subset(column: "container_id", values: others.sorted())
        var sets = ContainerRows.tables.map {
            TableColumns.set($0.table, $0.columns, key: $0.key, engineID: engineID, subset: subset, mode: mode)
        }
        for rows in readRows {
            for (i, tableRows) in rows.tables.enumerated() { sets[i].rows += tableRows }
        }
        var result = CollectorResult(
            collector: "containers", engineID: engineID, status: errors.isEmpty ? .ok : .partial,
            error: errors.isEmpty ? nil : "could not inspect \(errors.count) container(s): " + errors.prefix(3).joined(separator: "; "),
            itemCount: summary.count, durationMs: elapsedMs(since: start),
            facts: sets)
        result.digests = digests
        return (result, summary)
    }

    /// What one image's documents yielded: read into facts, or the documents its current facts
    /// were read from (their digest matches), which are not read again.
    private enum ImageInspect: Sendable {
        case read(ImageFacts, digest: Data)
        case unchanged
    }

    /// The images' facts, and the IDs listed (`nil` when the list could not be read).
    ///
    /// Each listed image's inspect and history are fetched; when their keyed digest is the one
    /// the image's current facts were read from, they are not parsed again, and the fact sets
    /// cover only the other images (``FactSet/Subset``), as for containers. Images are immutable
    /// but their tags are not, so the inspect is still asked for every collect.
    private func collectImages() async -> (CollectorResult, [String]?) {
        let start = ContinuousClock.now
        let list: [EngineValue]
        do {
            list = try await client.getArray("/images/json")
        } catch {
            return (failed("images", error, start), nil)
        }
        let ids = list.compactMap { $0["Id"].string }
        let client = self.client
        let engineID = self.engineID
        let hasher = self.hasher
        let known = await knownImages()
        let fetched = await boundedMap(ids, limit: concurrency) { id -> Fetched<ImageInspect> in
            do {
                let inspectPath = "/images/\(id)/json"
                let historyPath = "/images/\(id)/history"
                let inspect = try await client.get(inspectPath)
                let history = try await client.get(historyPath)
                let digest = Self.imageDigest(inspect: inspect, history: history, hasher: hasher)
                if known[id] == digest { return .found(.unchanged) }
                let facts = ImageFacts(
                    inspect: try EngineClient.object(from: inspect, endpoint: engineID, path: inspectPath),
                    history: try EngineClient.array(from: history, endpoint: engineID, path: historyPath),
                    engineID: engineID, hasher: hasher)
                return .found(.read(facts, digest: digest))
            } catch CollectError.notFound {
                return .vanished
            } catch {
                return .failed("\(id.prefix(19)): \((error as? LocalizedError)?.errorDescription ?? "\(error)")")
            }
        }
        let errors = fetched.compactMap { if case .failed(let e) = $0 { return e } else { return nil } }
        let mode: FactSet.Mode = errors.isEmpty ? .complete : .partial
        var digests = InspectDigests(.images, engineID: engineID, complete: errors.isEmpty)
        for (id, result) in zip(ids, fetched) {
            guard case .found(let inspect) = result else { continue }
            switch inspect {
            case .read(_, let digest): digests.read[id] = digest
            case .unchanged: digests.unchanged.append(id)
            }
        }
        // Unchanged images keep their facts: the sets replace only the others' (the read, the
        // vanished, the known ones no longer listed and, when an inspect failed, the failed
        // ones, which `.partial` keeps).
        let unchanged = Set(digests.unchanged)
        let others = Set(ids + known.keys).subtracting(unchanged)
        let subset = unchanged.isEmpty ? nil : FactSet.Subset(column: "image_id", values: others.sorted())
        func set(_ table: String, _ columns: [String], key: [String]) -> FactSet {
            TableColumns.set(table, columns, key: key, engineID: engineID, subset: subset, mode: mode)
        }
        var images = set("images", TableColumns.images, key: ["image_id"])
        var tags = set("image_tags", TableColumns.imageTags, key: ["image_id", "reference"])
        var env = set("image_env", TableColumns.imageEnv, key: ["image_id", "key"])
        var history = set("image_history", TableColumns.imageHistory, key: ["image_id", "step"])
        for case .found(.read(let facts, _)) in fetched {
            images.append(facts.image)
            facts.tags.forEach { tags.append($0) }
            facts.env.forEach { env.append($0) }
            facts.history.forEach { history.append($0) }
        }
        var result = CollectorResult(
            collector: "images", engineID: engineID, status: errors.isEmpty ? .ok : .partial,
            error: errors.isEmpty ? nil : "could not inspect \(errors.count) image(s): " + errors.prefix(3).joined(separator: "; "),
            itemCount: digests.read.count + digests.unchanged.count, durationMs: elapsedMs(since: start),
            facts: [images, tags, env, history])
        result.digests = digests
        return (result, ids)
    }

    /// The keyed digest of an image's two documents (``ImageFacts/revision``): the inspect's
    /// length first, so no two pairs of documents read as the same bytes.
    static func imageDigest(inspect: Data, history: Data, hasher: SecretHasher) -> Data {
        hasher.digest(Data("\(inspect.count)\n".utf8) + inspect + history, domain: ImageFacts.revision)
    }

    private func collectVolumes() async -> CollectorResult {
        let start = ContinuousClock.now
        do {
            let document = try await client.getObject("/volumes")
            var set = TableColumns.set("volumes", TableColumns.volumes, key: ["name"], engineID: engineID)
            let volumes = document["Volumes"].array
            for volume in volumes { set.append(VolumeFacts.row(volume, engineID: engineID)) }
            return CollectorResult(
                collector: "volumes", engineID: engineID, itemCount: volumes.count, durationMs: elapsedMs(since: start),
                facts: [set])
        } catch {
            return failed("volumes", error, start)
        }
    }

    private func collectList(
        _ collector: String, path: String, table: String, columns: [String], key: [String],
        row: @Sendable (EngineValue) -> [String: FactValue]
    ) async -> CollectorResult {
        let start = ContinuousClock.now
        do {
            let list = try await client.getArray(path)
            var set = TableColumns.set(table, columns, key: key, engineID: engineID)
            for item in list { set.append(row(item)) }
            return CollectorResult(
                collector: collector, engineID: engineID, itemCount: list.count, durationMs: elapsedMs(since: start),
                facts: [set])
        } catch {
            return failed(collector, error, start)
        }
    }

    private func failed(_ collector: String, _ error: Error, _ start: ContinuousClock.Instant) -> CollectorResult {
        CollectorResult(
            collector: collector, engineID: engineID, status: .failed,
            error: (error as? LocalizedError)?.errorDescription ?? "\(error)", durationMs: elapsedMs(since: start))
    }
}
