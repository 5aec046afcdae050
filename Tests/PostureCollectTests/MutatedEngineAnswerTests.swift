import Foundation
import PostureFacts
import Testing
@testable import PostureCollect

/// A quick, deterministic cousin of the libFuzzer run (scripts/fuzz): the seed corpus of
/// Fuzz/corpus mutated a few thousand times (bytes flipped, cut, repeated, nested) and fed to
/// the engine decoders. Each answer must either decode into facts or be refused with a
/// ``CollectError``; anything else (another error, a crash) fails.
@Suite("mutated engine answers")
struct MutatedEngineAnswerTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus")

    @Test("container, image, network, volume, version and info answers", arguments: ["container", "image", "network", "volume", "version", "info"])
    func mutated(_ decoder: String) throws {
        let seeds = try JSONMutator.seeds(Self.corpus.appendingPathComponent(decoder))
        #expect(!seeds.isEmpty)
        var mutator = JSONMutator(seed: 0x5EED)
        let hasher = SecretHasher(key: Data(repeating: 1, count: 32))
        let endpoint = try EngineEndpoint.parse("unix:///m.sock", source: "test")
        var decoded = 0, refused = 0
        for i in 0..<1_500 {
            let input = mutator.mutate(seeds[i % seeds.count])
            do {
                let doc = try EngineClient.object(from: input, endpoint: endpoint.id, path: "/" + decoder)
                switch decoder {
                case "container": _ = ContainerFacts(inspect: doc, engineID: endpoint.id, hasher: hasher)
                case "image": _ = ImageFacts(inspect: doc, history: [], engineID: endpoint.id, hasher: hasher)
                case "network": _ = NetworkFacts.row(doc, engineID: endpoint.id)
                case "volume": for v in doc["Volumes"].array { _ = VolumeFacts.row(v, engineID: endpoint.id) }
                case "version": _ = EngineFacts(version: doc, info: .emptyObject, endpoint: endpoint).row
                default: _ = EngineFacts(version: .emptyObject, info: doc, endpoint: endpoint).row
                }
                decoded += 1
            } catch is CollectError {
                refused += 1
            }
        }
        #expect(decoded + refused == 1_500)
        #expect(decoded > 0 && refused > 0, "mutations should both keep and break the JSON: \(decoded) decoded, \(refused) refused")
    }

    /// libFuzzer found `/info` answers whose SecurityOptions hold a bare `=` (the info decoder
    /// trapped on an index out of range); kept as Fuzz/corpus/info/security-option-equals.json.
    @Test("security options with empty names or values decode without trapping")
    func oddSecurityOptions() throws {
        #expect(EngineFacts.parseSecurityOption("=") == ["": ""])
        #expect(EngineFacts.parseSecurityOption("name=seccomp,=") == ["name": "seccomp", "": ""])
        #expect(EngineFacts.parseSecurityOption("=builtin") == ["": "builtin"])
        #expect(EngineFacts.parseSecurityOption("name=") == ["name": ""])
        #expect(EngineFacts.parseSecurityOption(",,apparmor") == ["name": "apparmor"])
        let seed = try Data(contentsOf: Self.corpus.appendingPathComponent("info/security-option-equals.json"))
        let endpoint = try EngineEndpoint.parse("unix:///m.sock", source: "test")
        let info = try EngineClient.object(from: seed, endpoint: endpoint.id, path: "/info")
        let row = EngineFacts(version: .emptyObject, info: info, endpoint: endpoint).row
        #expect(!row.isEmpty)
    }
}

/// Deterministic mutations of JSON documents (a small xorshift generator, so a failure replays).
struct JSONMutator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    static func seeds(_ folder: URL) throws -> [Data] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .sorted { $0.path < $1.path }.map { try Data(contentsOf: $0) }
    }

    mutating func next(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(max(bound, 1)))
    }

    mutating func mutate(_ seed: Data) -> Data {
        var bytes = [UInt8](seed)
        for _ in 0...next(4) {
            guard !bytes.isEmpty else { return Data("{".utf8) }
            let at = next(bytes.count)
            switch next(8) {
            case 0: bytes[at] = UInt8(truncatingIfNeeded: next(256))                  // any byte, UTF-8 or not
            case 1: bytes.removeSubrange(at..<min(bytes.count, at + 1 + next(16)))     // cut a piece
            case 2: bytes = Array(bytes[..<at])                                       // truncate
            case 3: bytes.insert(contentsOf: Array("[[[[{\"a\":".utf8), at: at)       // nest
            case 4: bytes.insert(contentsOf: Array("null,".utf8), at: at)
            case 5:                                                                    // repeat a piece
                let end = min(bytes.count, at + 1 + next(64))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            case 6: bytes.insert(contentsOf: Array("\"\\u0000\\ud800\"".utf8), at: at)
            default: bytes.insert(contentsOf: Array("-1e999".utf8), at: at)
            }
        }
        return Data(bytes)
    }
}
