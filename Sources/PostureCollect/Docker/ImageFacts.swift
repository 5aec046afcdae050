import Foundation
import PostureFacts

/// Maps one image inspect document (`GET /images/{id}/json`) and its history
/// (`GET /images/{id}/history`, newest first) to rows of `images`, `image_tags`, `image_env`
/// and `image_history`. Env values become keyed hashes, here and in the kept raw JSON.
struct ImageFacts: Sendable {
    /// Names what these facts make of the two documents, as ``ContainerFacts/revision`` does for
    /// a container's: an image whose documents' digest (taken with this revision) matches the
    /// one its current facts were read from is not read again. So **change it whenever the rows
    /// made of the documents change**; `ImageFactsRevisionTests` pins them.
    static let revision = "images/1"

    var image: [String: FactValue] = [:]
    var tags: [[String: FactValue]] = []
    var env: [[String: FactValue]] = []
    var history: [[String: FactValue]] = []

    init(inspect doc: EngineValue, history steps: [EngineValue], engineID: String, hasher: SecretHasher) {
        let config = doc["Config"].isNull ? doc["ContainerConfig"] : doc["Config"]
        let id = doc["Id"].string ?? ""
        let base: [String: FactValue] = ["engine_id": .text(engineID), "image_id": .text(id)]
        func row(_ values: [String: FactValue]) -> [String: FactValue] { base.merging(values) { $1 } }
        func list(_ values: [String]) -> FactValue { values.isEmpty ? .null : .text(values.joined(separator: ",")) }

        let repoTags = doc["RepoTags"].strings.filter { $0 != "<none>:<none>" }.sorted()
        let repoDigests = doc["RepoDigests"].strings.filter { !$0.hasPrefix("<none>@") }.sorted()
        let healthTest = config["Healthcheck"]["Test"].strings
        image = row([
            "repo_tags": .text(repoTags.joined(separator: ",")),
            "repo_digests": list(repoDigests),
            "parent_id": .optional(doc["Parent"].nonEmptyString),
            "created": .optional(engineTime(doc["Created"])),
            "size": .optional(doc["Size"].int),
            "layers": .optional(doc["RootFS"]["Layers"].isNull ? nil : doc["RootFS"]["Layers"].array.count),
            "user": .text(config["User"].string ?? ""),
            "working_dir": .optional(config["WorkingDir"].nonEmptyString),
            "entrypoint": list(config["Entrypoint"].strings),
            "command": list(config["Cmd"].strings),
            "exposed_ports": list(config["ExposedPorts"].keys),
            "volumes": list(config["Volumes"].keys),
            "os": .optional(doc["Os"].nonEmptyString),
            "architecture": .optional(doc["Architecture"].nonEmptyString),
            "healthcheck": .optional(healthTest.isEmpty || healthTest == ["NONE"] ? nil : healthTest.joined(separator: " ")),
            "raw_json": .optional(doc.canonicalText(edits: Self.rawEdits(hasher))),
        ])
        for tag in repoTags { tags.append(row(["reference": .text(tag), "kind": "tag"])) }
        for digest in repoDigests { tags.append(row(["reference": .text(digest), "kind": "digest"])) }
        for entry in config["Env"].strings {
            let (key, value) = SecretHasher.splitEnv(entry)
            env.append(row([
                "key": .text(key), "value_hash": .text(hasher.hash(value ?? "")),
                "secret_like": .bool(SecretHasher.looksSecret(key)),
            ]))
        }
        for (index, step) in steps.enumerated() {
            let size = step["Size"].int ?? 0
            history.append(row([
                "step": .int(Int64(steps.count - 1 - index)),
                "created": .optional(step["Created"].int.map(UTCTime.string(unixSeconds:))),
                "created_by": .optional(step["CreatedBy"].string),
                "size": .int(size),
                "empty_layer": .bool(size == 0),
            ]))
        }
    }

    /// How the inspect document is kept as `raw_json`: env values and secret-looking labels
    /// hashed, tag and digest lists sorted, and the volatile `Metadata.LastTagTime` removed.
    static func rawEdits(_ hasher: SecretHasher) -> [String: RawJSONEdits.Edit] {
        let config: RawJSONEdits.Edit = .members([
            "Env": RawJSONEdits.environment { hasher.hash($0) }, "Labels": RawJSONEdits.labels { hasher.hash($0) },
        ])
        return [
            "Config": config, "ContainerConfig": config, "Metadata": .remove,
            "RepoTags": RawJSONEdits.sortedStrings, "RepoDigests": RawJSONEdits.sortedStrings,
        ]
    }
}
