import Foundation
import PostureFacts

/// Collects every engine of one run concurrently (one ``EngineCollector`` each).
public enum Collection {
    /// `inspected` is told each running container (its engine, ID and host pid) as soon as its
    /// inspect is read (see ``EngineCollector/Inspected``); `identified` each reachable engine's
    /// kind and rootlessness as soon as its `/info` is read (``EngineCollector/Identified``);
    /// `containersChanged` each container that differs from the last snapshot, as soon as
    /// that is seen (``EngineCollector/ContainersChanged``).
    /// `known` gives, per engine ID, the containers of the last snapshot, inspected while the
    /// container list is still being answered and not read again when their inspect document
    /// is unchanged (``EngineCollector/known``); `knownImages` the digests of its images'
    /// documents, by image ID (``EngineCollector/knownImages``).
    public static func collectEngines(
        _ endpoints: [EngineEndpoint], session: EngineSession, hasher: SecretHasher, concurrency: Int,
        known: [String: [KnownContainer]] = [:], knownImages: [String: [String: Data]] = [:],
        inspected: (@Sendable (_ endpoint: EngineEndpoint, _ containerID: String, _ pid: Int) -> Void)? = nil,
        identified: (@Sendable (_ endpoint: EngineEndpoint, _ kind: String, _ rootless: Bool?) -> Void)? = nil
    ) async -> [EngineCollection] {
        await collectEngines(
            endpoints, session: session, hasher: hasher, concurrency: concurrency, knownLater: { known[$0.id] ?? [] },
            knownImagesLater: { knownImages[$0.id] ?? [:] }, inspected: inspected, identified: identified)
    }

    /// As above, with the known containers (and the digests of the known images) given when
    /// each engine first needs them (``EngineCollector/known``, ``EngineCollector/knownImages``):
    /// `collect` is still opening the store then.
    public static func collectEngines(
        _ endpoints: [EngineEndpoint], session: EngineSession, hasher: SecretHasher, concurrency: Int,
        knownLater: @escaping @Sendable (_ endpoint: EngineEndpoint) async -> [KnownContainer],
        knownImagesLater: @escaping @Sendable (_ endpoint: EngineEndpoint) async -> [String: Data] = { _ in [:] },
        inspected: (@Sendable (_ endpoint: EngineEndpoint, _ containerID: String, _ pid: Int) -> Void)? = nil,
        identified: (@Sendable (_ endpoint: EngineEndpoint, _ kind: String, _ rootless: Bool?) -> Void)? = nil,
        containersChanged: (@Sendable (_ endpoint: EngineEndpoint, _ containerID: String) -> Void)? = nil
    ) async -> [EngineCollection] {
        await boundedMap(endpoints, limit: max(endpoints.count, 1)) { endpoint in
            await EngineCollector(
                client: session.client(for: endpoint), hasher: hasher, concurrency: concurrency,
                inspected: inspected.map { tell in { tell(endpoint, $0, $1) } },
                identified: identified.map { tell in { tell(endpoint, $0, $1) } },
                containersChanged: containersChanged.map { tell in { tell(endpoint, $0) } },
                known: { await knownLater(endpoint) },
                knownImages: { await knownImagesLater(endpoint) }
            ).collect()
        }
    }
}
