import Foundation
import PostureFacts
import Testing
@testable import PostureCollect

/// An engine recorded by scripts/record-engine under Fixtures/engines/<name>.
struct RecordedEngine {
    let folder: URL

    init(_ name: String) {
        folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/engines/\(name)")
    }

    /// A recorded answer parsed as a collect parses it.
    func object(_ path: String) throws -> EngineValue {
        try EngineValue.parse(Data(contentsOf: folder.appendingPathComponent(path)))
    }

    func array(_ path: String) throws -> [EngineValue] {
        try object(path).array
    }

    /// A recorded answer as Foundation objects, for tests that change it.
    func document(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(path))) as! [String: Any]
    }

    /// Every container of the recording mapped to facts, by name.
    func containers(hasher: SecretHasher = SecretHasher(key: Data(repeating: 3, count: 32))) throws -> [String: ContainerFacts] {
        var result: [String: ContainerFacts] = [:]
        for item in try array("containers.json") {
            let id = item["Id"].string!
            let facts = ContainerFacts(inspect: try object("containers/\(id).json"), engineID: "e", hasher: hasher)
            result[facts.container["name"]!.textValue!] = facts
        }
        return result
    }
}

@Suite("recorded engines")
struct RecordedEngineTests {
    let docker = RecordedEngine("docker-20.10-zoo")
    let podman = RecordedEngine("podman-4-rootful-zoo")

    func text(_ facts: ContainerFacts?, _ columns: String...) -> String {
        columns.map { facts?.container[$0]?.textValue ?? "NULL" }.joined(separator: "|")
    }

    @Test("Docker 20.10: hardening and limit columns of the zoo")
    func dockerContainers() throws {
        let zoo = try docker.containers()
        #expect(zoo.count == 12)
        #expect(text(zoo["zoo-limited"], "memory_limit", "nano_cpus", "pids_limit", "running") == "536870912|1500000000|100|1")
        #expect(text(zoo["zoo-unlimited"], "memory_limit", "nano_cpus", "pids_limit", "memory_swap") == "NULL|NULL|NULL|NULL")
        #expect(text(zoo["zoo-readonly"], "readonly_rootfs", "user") == "1|1000:1000")
        #expect(
            text(zoo["zoo-hardened"], "no_new_privileges", "user", "restart_policy", "restart_max_retries", "readonly_rootfs")
                == "1|65534|on-failure|3|1")
        #expect(text(zoo["zoo-hostnet"], "network_mode") == "host")
        #expect(text(zoo["zoo-unlimited"], "network_mode", "restart_policy", "proc_unmasked", "seccomp_profile") == "default|no|0|NULL")
        #expect(text(zoo["zoo-stopped"], "state", "running", "pid") == "exited|0|NULL")
        #expect(text(zoo["zoo-privileged"], "state", "privileged", "pid", "started_at") == "created|1|NULL|NULL")
        #expect(zoo["zoo-limited"]?.pid != nil)
    }

    @Test("Docker 20.10: child tables of the zoo")
    func dockerChildren() throws {
        let zoo = try docker.containers()
        func rows(_ list: [[String: FactValue]]?, _ columns: String...) -> [String] {
            (list ?? []).map { row in columns.map { row[$0]?.textValue ?? "NULL" }.joined(separator: "|") }.sorted()
        }
        #expect(rows(zoo["zoo-caps"]?.capabilities, "capability", "action") == ["NET_ADMIN|add", "SYS_PTRACE|add"])
        #expect(rows(zoo["zoo-hardened"]?.capabilities, "capability", "action") == ["ALL|drop"])
        #expect(
            rows(zoo["zoo-ports"]?.ports, "container_port", "protocol", "host_ip", "host_port", "wildcard")
                == ["443|tcp|127.0.0.1|8443|0", "80|tcp||8080|1"])
        #expect(rows(zoo["zoo-internal-member"]?.networks, "network_name") == ["zoo-internal"])
        #expect(rows(zoo["zoo-mounts"]?.mounts, "type", "destination", "rw", "volume_name") == ["bind|/host-etc|0|NULL", "volume|/data|1|zoo-data"])
        let env = rows(zoo["zoo-secret-env"]?.env, "key", "secret_like").filter { $0.hasPrefix("DB_") || $0.hasPrefix("PLAIN") }
        #expect(env == ["DB_PASSWORD|1", "PLAIN_SETTING|0"])
        let labels = rows(zoo["zoo-secret-env"]?.labels, "key", "value").filter { $0.hasPrefix("com.example") }
        #expect(labels == ["com.example.api-token|NULL", "com.example.team|blue"])
    }

    @Test("raw JSON keeps no environment value and no secret-looking label value")
    func rawJSONScrubbed() throws {
        let hasher = SecretHasher(key: Data(repeating: 3, count: 32))
        let zoo = try docker.containers(hasher: hasher)
        let raw = zoo["zoo-secret-env"]?.container["raw_json"]?.textValue ?? ""
        #expect(raw.contains("DB_PASSWORD=hmac-sha256:"))
        #expect(!raw.contains("<scrubbed>"))
        #expect(raw.contains("\"com.example.team\":\"blue\""))
    }

    @Test("Docker and Podman engines: kind, versions, cgroups, security options")
    func engines() throws {
        let d = EngineFacts(
            version: try docker.object("version.json"), info: try docker.object("info.json"),
            endpoint: try EngineEndpoint.parse("unix:///d.sock", source: "t"))
        #expect(d.kind == "docker")
        #expect(d.row["api_version"] == "1.41")
        #expect(d.row["cgroup_version"] == "1")
        #expect(d.row["cgroup_driver"] == "cgroupfs")
        #expect(d.row["rootless"] == .int(0))
        #expect(d.row["seccomp_profile"] == "default")
        #expect(d.row["live_restore"] == .int(0))
        #expect(d.row["daemon_id"] != .null)
        let p = EngineFacts(
            version: try podman.object("version.json"), info: try podman.object("info.json"),
            endpoint: try EngineEndpoint.parse("unix:///p.sock", source: "t"))
        #expect(p.kind == "podman")
        #expect(p.row["daemon_id"] == .null)
        #expect(p.row["version"]?.textValue?.hasPrefix("4.") == true)
    }

    @Test("Podman compat API: limits of its zoo")
    func podmanContainers() throws {
        let zoo = try podman.containers()
        #expect(text(zoo["zoo-podman-limited"], "memory_limit", "pids_limit", "running") == "268435456|50|1")
        #expect(text(zoo["zoo-podman-plain"], "memory_limit", "pids_limit") == "NULL|2048")
    }

    @Test("images and networks from the recording")
    func imagesAndNetworks() throws {
        let hasher = SecretHasher(key: Data(repeating: 3, count: 32))
        let images = try docker.array("images.json").map { item -> ImageFacts in
            let name = (item["Id"].string!).replacingOccurrences(of: "sha256:", with: "")
            return ImageFacts(
                inspect: try docker.object("images/\(name).json"), history: try docker.array("images/\(name).history.json"),
                engineID: "e", hasher: hasher)
        }
        #expect(images.count == 1)
        #expect(images[0].image["repo_tags"] == "posture-test/busybox:1")
        #expect(images[0].tags.map { $0["reference"]?.textValue } == ["posture-test/busybox:1"])
        let networks = try docker.array("networks.json").map { NetworkFacts.row($0, engineID: "e") }
        let byName = Dictionary(uniqueKeysWithValues: networks.map { ($0["name"]!.textValue!, $0) })
        #expect(byName["zoo-internal"]?["internal"] == .int(1))
        #expect(byName["bridge"]?["icc"] == .int(1))
        #expect(byName["host"]?["icc"] == .null)
    }
}

@Suite("stable raw JSON")
struct StableRawJSONTests {
    @Test("mount and env order from the engine does not change the stored text")
    func orderIndependent() throws {
        let engine = RecordedEngine("docker-20.10-zoo")
        let hasher = SecretHasher(key: Data(repeating: 3, count: 32))
        for item in try engine.array("containers.json") {
            var document = try engine.document("containers/\(item["Id"].string!).json")
            let original = ContainerFacts(inspect: try .of(document), engineID: "e", hasher: hasher).container["raw_json"]
            if let mounts = document["Mounts"] as? [Any] { document["Mounts"] = Array(mounts.reversed()) }
            if var config = document["Config"] as? [String: Any], let env = config["Env"] as? [String] {
                config["Env"] = Array(env.reversed())
                document["Config"] = config
            }
            #expect(ContainerFacts(inspect: try .of(document), engineID: "e", hasher: hasher).container["raw_json"] == original)
        }
    }
}

@Suite("canonical JSON")
struct CanonicalJSONTests {
    @Test("the writer says exactly what the document says, keys in code-point order")
    func sameDocument() throws {
        for name in ["docker-20.10-zoo", "podman-4-rootful-zoo"] {
            let engine = RecordedEngine(name)
            for item in try engine.array("containers.json") {
                let path = "containers/\(item["Id"].string!).json"
                let text = try #require(try engine.object(path).canonicalText())
                let back = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! NSDictionary
                #expect(back.isEqual(to: try engine.document(path)))
                #expect(text.contains("\"Privileged\":false") || text.contains("\"Privileged\":true"))
                #expect(try engine.object(path).canonicalText() == text)
            }
        }
        let odd = #"{"b":1,"a":[true,null,"x\"\n\u0001\u001F\/\u00e9",1.5,1.0,-0,2e3,12345678901234567890],"a":"second"}"#
        #expect(
            try EngineValue.parse(Array(odd.utf8)).canonicalText()
                == #"{"a":[true,null,"x\"\n\u0001\u001f/é",1.5,1,0,2000,1.2345678901234567e+19],"b":1}"#)
        // Names order by their text whatever their spelling; the first of a repeated name wins.
        let names = #"{"é":1,"z":2,"a\u0062":3,"ab":4,"\u00e9":5,"Z":6}"#
        #expect(try EngineValue.parse(Array(names.utf8)).canonicalText() == #"{"Z":6,"ab":3,"z":2,"é":1}"#)
    }

    /// raw_json.tsv holds the raw JSON the collectors wrote for each recorded answer before the
    /// engine answers were read with PostureJSON (through Foundation's JSONSerialization and a
    /// writer over its objects). The text must not change: a different text is a new version
    /// of every container, image and network in every database on the next collect.
    @Test("raw JSON of the recordings is byte for byte what earlier versions stored")
    func unchangedText() throws {
        let hasher = SecretHasher(key: Data(repeating: 3, count: 32))
        for name in ["docker-20.10-zoo", "podman-4-rootful-zoo"] {
            let engine = RecordedEngine(name)
            let golden = try String(contentsOf: engine.folder.appendingPathComponent("raw_json.tsv"), encoding: .utf8)
            var checked = 0
            for line in golden.split(separator: "\n") {
                let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
                let (source, expected) = (parts[0], parts[1])
                let actual: FactValue?
                if source == "engine" {
                    actual = EngineFacts(
                        version: try engine.object("version.json"), info: try engine.object("info.json"),
                        endpoint: try EngineEndpoint.parse("unix:///e.sock", source: "t")
                    ).row["raw_json"]
                } else if source.hasPrefix("containers/") {
                    actual = ContainerFacts(inspect: try engine.object(source), engineID: "e", hasher: hasher).container["raw_json"]
                } else if source.hasPrefix("images/") {
                    actual = ImageFacts(inspect: try engine.object(source), history: [], engineID: "e", hasher: hasher).image["raw_json"]
                } else {
                    let index = Int(source.dropFirst("networks.json[".count).dropLast())!
                    actual = NetworkFacts.row(try engine.array("networks.json")[index], engineID: "e")["raw_json"]
                }
                #expect(actual?.textValue == expected, "\(name) \(source)")
                checked += 1
            }
            #expect(checked >= 5)
        }
    }
}
