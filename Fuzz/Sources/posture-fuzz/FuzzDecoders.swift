import Foundation
@testable import PostureCollect
import PostureScans

/// libFuzzer entry point (built only by scripts/fuzz: `POSTURE_FUZZ=1`, `--sanitize fuzzer`,
/// scratch path .build-fuzz). Feeds each input to one decoder, picked by
/// `POSTURE_FUZZ_DECODER`, through the same code a collect or an import runs:
///
/// - `version`, `info`: `/version` and `/info` answers → `engines` row (``EngineFacts``)
/// - `container`: `/containers/{id}/json` → container rows (``ContainerFacts``)
/// - `container-list`, `image-list`, `network-list`: list answers decoded as arrays
/// - `image`: `/images/{id}/json`, `image-history`: `/images/{id}/history` (``ImageFacts``)
/// - `network`: a `/networks` entry, `volume`: the `/volumes` answer
/// - `trivy`, `grype`, `snyk`: scanner reports through ``ReportParser`` (format from content)
///
/// A refusal (an error thrown) is a correct outcome; a crash, a hang or a leak is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    FuzzDecoder.current.run(data)
    return 0
}

enum FuzzDecoder: String, CaseIterable {
    case version, info, container, image, imageHistory = "image-history", network, volume
    case containerList = "container-list", imageList = "image-list", networkList = "network-list"
    case trivy, grype, snyk

    static let current: FuzzDecoder = {
        let name = ProcessInfo.processInfo.environment["POSTURE_FUZZ_DECODER"] ?? ""
        guard let decoder = FuzzDecoder(rawValue: name) else {
            let names = FuzzDecoder.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("posture-fuzz: set POSTURE_FUZZ_DECODER to one of: \(names)\n".utf8))
            exit(64)
        }
        return decoder
    }()

    static let hasher = SecretHasher(key: Data(repeating: 7, count: 32))
    static let emptyObject = try! EngineValue.parse(Array("{}".utf8))
    static let imageStub = try! EngineValue.parse(Array(#"{"Id":"sha256:x"}"#.utf8))
    static let endpoint = try! EngineEndpoint.parse("unix:///fuzz.sock", source: "fuzz")

    func run(_ data: Data) {
        let e = Self.endpoint.id
        switch self {
        case .version:
            guard let doc = try? EngineClient.object(from: data, endpoint: e, path: "/version") else { return }
            _ = EngineFacts(version: doc, info: Self.emptyObject, endpoint: Self.endpoint).row
        case .info:
            guard let doc = try? EngineClient.object(from: data, endpoint: e, path: "/info") else { return }
            _ = EngineFacts(version: Self.emptyObject, info: doc, endpoint: Self.endpoint).row
        case .container:
            guard let doc = try? EngineClient.object(from: data, endpoint: e, path: "/containers/x/json") else { return }
            _ = ContainerFacts(inspect: doc, engineID: e, hasher: Self.hasher)
        case .image:
            guard let doc = try? EngineClient.object(from: data, endpoint: e, path: "/images/x/json") else { return }
            _ = ImageFacts(inspect: doc, history: [], engineID: e, hasher: Self.hasher)
        case .imageHistory:
            guard let list = try? EngineClient.array(from: data, endpoint: e, path: "/images/x/history") else { return }
            _ = ImageFacts(inspect: Self.imageStub, history: list, engineID: e, hasher: Self.hasher)
        case .network:
            guard let doc = try? EngineClient.object(from: data, endpoint: e, path: "/networks/x") else { return }
            _ = NetworkFacts.row(doc, engineID: e)
        case .volume:
            guard let doc = try? EngineClient.object(from: data, endpoint: e, path: "/volumes") else { return }
            for volume in doc["Volumes"].array { _ = VolumeFacts.row(volume, engineID: e) }
        case .containerList, .imageList:
            guard let list = try? EngineClient.array(from: data, endpoint: e, path: "/containers/json") else { return }
            _ = list.compactMap { $0["Id"].string }
        case .networkList:
            guard let list = try? EngineClient.array(from: data, endpoint: e, path: "/networks") else { return }
            for item in list { _ = NetworkFacts.row(item, engineID: e) }
        case .trivy, .grype, .snyk:
            _ = try? ReportParser.parse(data, file: "fuzz-input.json")
        }
    }
}
