/// How one fact table is compared between two snapshots: the stable identity of its rows, the
/// collector that owns it, and the fields that never count as a change.
///
/// Stable keys (the same thing across snapshots, whatever the engine calls it internally):
/// engines by engine_id; containers by (engine_id, name); images by (engine_id, image_id);
/// networks and volumes by (engine_id, name); the child tables of containers by (engine_id, the
/// container's name, their own key); daemons by engine_id, daemon settings by (engine_id, key),
/// socket access by (engine_id, principal, via).
///
/// Ignored fields: the bookkeeping columns (row_id, row_hash, valid_from, valid_to) everywhere;
/// `raw_json` (its promoted fields are compared one by one); ids that change when an object is
/// re-created under the same name (`container_id` wherever rows are keyed by the container's
/// name, `network_id` of networks and attachments, `cgroup_path`, which embeds the container
/// id); process ids (`pid`), which change with every restart and say nothing `started_at` does
/// not. `started_at` and `finished_at` are kept: they change only when a container (or daemon)
/// actually started or stopped, which is drift an audit wants to see.
struct DiffTableSpec: Sendable {
    /// Public table name; rows are read from `<table>_versions`.
    let table: String
    /// Collector (in `snapshot_collectors`) that writes the table.
    let owner: String
    /// Stable key columns; `container` stands for the container's name (child tables).
    let key: [String]
    let ignored: Set<String>
    /// Fields shown for people next to an added or removed row.
    let summary: [String]

    var storage: String { table + "_versions" }
    /// True for tables whose rows belong to a container (resolved to its name).
    var childOfContainer: Bool { key.contains("container") }

    static let bookkeeping: Set<String> = ["row_id", "row_hash", "valid_from", "valid_to"]

    static func child(_ table: String, owner: String = "containers", key: [String], ignored: Set<String> = [], summary: [String] = [])
        -> DiffTableSpec
    {
        DiffTableSpec(
            table: table, owner: owner, key: ["engine_id", "container"] + key,
            ignored: ignored.union(["container_id"]), summary: summary)
    }

    /// Every table the diff knows, in report order; tables missing from a database are skipped.
    static let all: [DiffTableSpec] = [
        DiffTableSpec(
            table: "engines", owner: "engine", key: ["engine_id"], ignored: ["raw_json"],
            summary: ["kind", "version", "reachable"]),
        DiffTableSpec(
            table: "daemons", owner: "daemon", key: ["engine_id"], ignored: ["pid"], summary: ["user", "exe", "started_at"]),
        DiffTableSpec(table: "daemon_config", owner: "daemon", key: ["engine_id", "key"], ignored: [], summary: ["value", "source"]),
        DiffTableSpec(
            table: "host_access", owner: "host-access", key: ["engine_id", "principal", "via"], ignored: [],
            summary: ["socket_path", "root_equivalent"]),
        DiffTableSpec(
            table: "containers", owner: "containers", key: ["engine_id", "name"],
            ignored: ["raw_json", "pid", "container_id"], summary: ["image", "state", "privileged", "user"]),
        child("container_mounts", key: ["destination"], summary: ["type", "source", "rw"]),
        child("container_ports", key: ["container_port", "protocol", "host_ip", "host_port"], summary: ["wildcard"]),
        child("container_networks", key: ["network_name"], ignored: ["network_id"], summary: ["ip_address"]),
        child("container_capabilities", key: ["capability", "action"]),
        child("container_env", key: ["key"], summary: ["secret_like"]),
        child("container_labels", key: ["key"], summary: ["value"]),
        child("cgroup_limits", owner: "cgroups", key: [], ignored: ["cgroup_path"], summary: ["memory_max", "pids_max"]),
        child("container_processes", owner: "processes", key: [], summary: ["cap_eff_count", "uid", "no_new_privs"]),
        DiffTableSpec(
            table: "images", owner: "images", key: ["engine_id", "image_id"], ignored: ["raw_json"],
            summary: ["repo_tags", "size", "user"]),
        DiffTableSpec(
            table: "image_contents", owner: "image_contents", key: ["engine_id", "image_id"],
            ignored: ["method", "analysis_ms"], summary: ["distroless", "distroless_reasons", "status"]),
        DiffTableSpec(
            table: "networks", owner: "networks", key: ["engine_id", "name"], ignored: ["raw_json", "network_id"],
            summary: ["driver", "internal", "subnet"]),
        DiffTableSpec(table: "volumes", owner: "volumes", key: ["engine_id", "name"], ignored: [], summary: ["driver", "bind_device"]),
    ]
}
