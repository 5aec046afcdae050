import PostureFacts

/// One container's facts as rows of its seven tables, each row in its table's column order
/// (``TableColumns``): what ``EngineCollector`` keeps of an inspect once ``ContainerFacts`` has
/// read it.
struct ContainerRows: Sendable {
    /// The tables, in the order of ``tables``: name, columns and key within an engine.
    static let tables: [(table: String, columns: [String], key: [String])] = [
        ("containers", TableColumns.containers, ["container_id"]),
        ("container_mounts", TableColumns.containerMounts, ["container_id", "destination"]),
        ("container_ports", TableColumns.containerPorts, ["container_id", "container_port", "protocol", "host_ip", "host_port"]),
        ("container_networks", TableColumns.containerNetworks, ["container_id", "network_name"]),
        ("container_capabilities", TableColumns.containerCapabilities, ["container_id", "capability", "action"]),
        ("container_env", TableColumns.containerEnv, ["container_id", "key"]),
        ("container_labels", TableColumns.containerLabels, ["container_id", "key"]),
    ]

    let containerID: String
    let name: String
    let pid: Int?
    /// Rows per table, in the order of ``tables``.
    let tables: [[[FactValue]]]

    init(_ facts: ContainerFacts) {
        containerID = facts.container["container_id"]?.textValue ?? ""
        name = facts.container["name"]?.textValue ?? ""
        pid = facts.pid
        let perTable = [
            [facts.container], facts.mounts, facts.ports, facts.networks, facts.capabilities, facts.env, facts.labels,
        ]
        tables = zip(Self.tables, perTable).map { table, rows in
            rows.map { row in table.columns.map { row[$0] ?? .null } }
        }
    }
}
