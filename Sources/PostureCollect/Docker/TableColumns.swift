import PostureFacts

/// Column lists of the engine-API fact tables, in the order collectors fill them
/// (see schema/0001_core.sql for each column's meaning).
enum TableColumns {
    static let engines = [
        "engine_id", "kind", "endpoint", "daemon_id", "daemon_name", "version", "api_version",
        "min_api_version", "os", "kernel_version", "architecture", "ncpu", "mem_total", "rootless",
        "userns_remap", "live_restore", "cgroup_version", "cgroup_driver", "seccomp_profile", "apparmor",
        "selinux", "no_new_privileges", "security_options", "logging_driver", "storage_driver", "root_dir",
        "default_runtime", "runc_version", "containerd_version", "debug", "experimental", "swarm_state",
        "insecure_registries", "authorization_plugins", "warnings", "reachable", "error", "raw_json",
    ]
    static let containers = [
        "engine_id", "container_id", "name", "image", "image_id", "command", "created", "state", "running",
        "exit_code", "privileged", "user", "readonly_rootfs", "network_mode", "pid_mode", "ipc_mode",
        "uts_mode", "userns_mode", "cgroupns_mode", "cgroup_parent", "memory_limit", "memory_reservation",
        "memory_swap", "nano_cpus", "cpu_quota", "cpu_period", "cpu_shares", "cpuset_cpus", "pids_limit",
        "oom_kill_disable", "restart_policy", "restart_max_retries", "no_new_privileges", "seccomp_profile",
        "apparmor_profile", "selinux_options", "security_options", "proc_unmasked", "devices", "healthcheck",
        "log_driver", "pid", "started_at", "finished_at", "raw_json",
    ]
    static let containerMounts = [
        "engine_id", "container_id", "type", "source", "destination", "volume_name", "rw", "propagation", "mode",
    ]
    static let containerPorts = [
        "engine_id", "container_id", "container_port", "protocol", "host_ip", "host_port", "wildcard",
    ]
    static let containerNetworks = [
        "engine_id", "container_id", "network_name", "network_id", "ip_address", "ipv6_address", "aliases",
    ]
    static let containerCapabilities = ["engine_id", "container_id", "capability", "action"]
    static let containerEnv = ["engine_id", "container_id", "key", "value_hash", "secret_like"]
    static let containerLabels = ["engine_id", "container_id", "key", "value", "value_hash"]
    static let images = [
        "engine_id", "image_id", "repo_tags", "repo_digests", "parent_id", "created", "size", "layers", "user",
        "working_dir", "entrypoint", "command", "exposed_ports", "volumes", "os", "architecture", "healthcheck",
        "raw_json",
    ]
    static let imageTags = ["engine_id", "image_id", "reference", "kind"]
    static let imageEnv = ["engine_id", "image_id", "key", "value_hash", "secret_like"]
    static let imageHistory = ["engine_id", "image_id", "step", "created", "created_by", "size", "empty_layer"]
    static let networks = [
        "engine_id", "network_id", "name", "driver", "scope", "internal", "attachable", "icc", "ipv6",
        "ip_masquerade", "host_binding_ipv4", "subnet", "subnets", "gateway", "options", "created", "raw_json",
    ]
    static let volumes = [
        "engine_id", "name", "driver", "mountpoint", "scope", "bind_device", "options", "created",
    ]

    /// An empty fact set for `table` scoped to one engine.
    static func set(
        _ table: String, _ columns: [String], key: [String], engineID: String, subset: FactSet.Subset? = nil,
        mode: FactSet.Mode = .complete
    ) -> FactSet {
        FactSet(
            table: table, columns: columns, keyColumns: key, scope: ["engine_id": .text(engineID)], subset: subset,
            mode: mode)
    }
}
