import Foundation
import PostureFacts

/// Maps one network document (`GET /networks` list entry) to a row of `networks`.
///
/// Membership is not read here: the list omits `Containers` since API 1.28, so attachments
/// come from each container's `NetworkSettings.Networks` (`container_networks`).
enum NetworkFacts {
    static func row(_ doc: EngineValue, engineID: String) -> [String: FactValue] {
        let driver = doc["Driver"].string
        let options = doc["Options"]
        let isBridge = driver == "bridge"
        let ipam = doc["IPAM"]["Config"].array
        let subnets = ipam.compactMap { $0["Subnet"].nonEmptyString }
        func bridgeFlag(_ key: String) -> FactValue {
            guard isBridge else { return .null }
            return .bool(options[key].string.map { $0 != "false" } ?? true)
        }
        return [
            "engine_id": .text(engineID),
            "network_id": .text(doc["Id"].string ?? doc["ID"].string ?? ""),
            "name": .text(doc["Name"].string ?? ""),
            "driver": .optional(driver),
            "scope": .optional(doc["Scope"].string),
            "internal": .bool(doc["Internal"].bool ?? false),
            "attachable": .bool(doc["Attachable"].bool ?? false),
            "icc": bridgeFlag("com.docker.network.bridge.enable_icc"),
            "ipv6": .bool(doc["EnableIPv6"].bool ?? false),
            "ip_masquerade": bridgeFlag("com.docker.network.bridge.enable_ip_masquerade"),
            "host_binding_ipv4": .optional(options["com.docker.network.bridge.host_binding_ipv4"].nonEmptyString),
            "subnet": .optional(subnets.first),
            "subnets": .optional(subnets.isEmpty ? nil : subnets.joined(separator: ",")),
            "gateway": .optional(ipam.first?["Gateway"].nonEmptyString),
            "options": .optional(
                options.entries.isEmpty ? nil : options.entries.map { "\($0.0)=\($0.1.string ?? "")" }.joined(separator: ",")),
            "created": .optional(engineTime(doc["Created"])),
            "raw_json": .optional(doc.canonicalText(edits: ["Containers": .remove])),
        ]
    }
}

/// Maps one volume document (`GET /volumes` entry) to a row of `volumes`.
enum VolumeFacts {
    static func row(_ doc: EngineValue, engineID: String) -> [String: FactValue] {
        let options = doc["Options"]
        let isBind = (options["o"].string ?? "").split(separator: ",").contains("bind")
        return [
            "engine_id": .text(engineID),
            "name": .text(doc["Name"].string ?? ""),
            "driver": .optional(doc["Driver"].string),
            "mountpoint": .optional(doc["Mountpoint"].string),
            "scope": .optional(doc["Scope"].string),
            "bind_device": isBind ? .optional(options["device"].nonEmptyString) : .null,
            "options": .optional(
                options.entries.isEmpty ? nil : options.entries.map { "\($0.0)=\($0.1.string ?? "")" }.joined(separator: ",")),
            "created": .optional(engineTime(doc["CreatedAt"])),
        ]
    }
}
