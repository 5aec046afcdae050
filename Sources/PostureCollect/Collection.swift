import Foundation
import PostureFacts

/// Collects every engine of one run concurrently (one ``EngineCollector`` each).
public enum Collection {
    public static func collectEngines(
        _ endpoints: [EngineEndpoint], session: EngineSession, hasher: SecretHasher, concurrency: Int
    ) async -> [EngineCollection] {
        await boundedMap(endpoints, limit: max(endpoints.count, 1)) { endpoint in
            await EngineCollector(client: session.client(for: endpoint), hasher: hasher, concurrency: concurrency)
                .collect()
        }
    }
}
