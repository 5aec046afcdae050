-- posture schema, migration 0002: host truth read from /proc, /sys/fs/cgroup and /etc below the
-- host root: the daemon process and its settings, who can reach an engine socket, the cgroup
-- limits the kernel enforces, per-snapshot usage, and the enforced security of each container's
-- init process. Filled by the PostureHost collectors daemon, host-access, cgroups and processes.
-- Shipped migrations are never edited; add a new numbered file instead.

CREATE TABLE daemons_versions ( -- one row per engine daemon process (dockerd, or the podman system service)
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine the daemon serves
  kind TEXT NOT NULL, -- docker or podman
  pid INTEGER NOT NULL, -- host pid of the daemon process
  process_name TEXT, -- process name from /proc/<pid>/comm (dockerd, podman)
  found_via TEXT NOT NULL CHECK (found_via IN ('socket', 'cmdline', 'pidfile', 'comm')), -- how the process was matched to the engine: socket (holds the listening socket), cmdline (names the socket), pidfile, comm (only candidate by name)
  uid INTEGER, -- real uid of the process (/proc/<pid>/status Uid:)
  euid INTEGER, -- effective uid of the process; 0 means the daemon runs as root
  gid INTEGER, -- real gid of the process
  egid INTEGER, -- effective gid of the process
  user TEXT, -- name of the real uid in the host's /etc/passwd, NULL when not listed there
  exe TEXT, -- executable (readlink /proc/<pid>/exe), NULL when unreadable
  cmdline TEXT, -- command line, arguments separated by spaces
  started_at TEXT, -- when the process started (ISO-8601 UTC, from /proc/<pid>/stat and /proc/stat btime)
  config_path TEXT, -- configuration file in force (daemon.json, or the highest-priority containers.conf)
  config_exists INTEGER, -- 1 when config_path exists on the host
  config_uid INTEGER, -- owner uid of config_path, NULL when it does not exist
  config_gid INTEGER, -- group gid of config_path, NULL when it does not exist
  config_mode TEXT, -- permission bits of config_path in octal (0644), NULL when it does not exist
  config_mtime TEXT, -- last modification of config_path (ISO-8601 UTC), NULL when it does not exist
  config_changed_after_start INTEGER, -- 1 when config_path changed after the daemon started (configuration possibly not applied), NULL when unknown
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX daemons_open ON daemons_versions(valid_to);
CREATE INDEX daemons_from ON daemons_versions(valid_from);
CREATE UNIQUE INDEX daemons_key ON daemons_versions(engine_id) WHERE valid_to IS NULL;
CREATE VIEW daemons AS SELECT * FROM daemons_versions WHERE valid_to IS NULL;
CREATE VIEW daemons_history AS SELECT * FROM daemons_versions;

CREATE TABLE daemon_config_versions ( -- one row per effective daemon setting (command-line flag, configuration file key or known default)
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine the setting belongs to
  key TEXT NOT NULL, -- daemon.json key (flags are named by their daemon.json key, nested keys joined by dots: log-opts.max-size); Podman: section.key of containers.conf, registries.* and policy.*
  value TEXT, -- value as text; lists comma separated, booleans true/false
  source TEXT NOT NULL CHECK (source IN ('flag', 'file', 'default')), -- flag (daemon command line), file (configuration file) or default (engine default, set by neither)
  file_path TEXT, -- configuration file the value came from, NULL for flags and defaults
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX daemon_config_open ON daemon_config_versions(valid_to);
CREATE INDEX daemon_config_from ON daemon_config_versions(valid_from);
CREATE UNIQUE INDEX daemon_config_key ON daemon_config_versions(engine_id, key) WHERE valid_to IS NULL;
CREATE VIEW daemon_config AS SELECT * FROM daemon_config_versions WHERE valid_to IS NULL;
CREATE VIEW daemon_config_history AS SELECT * FROM daemon_config_versions;

CREATE TABLE host_access_versions ( -- one row per principal that can connect to (write) an engine's unix socket
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine behind the socket
  socket_path TEXT NOT NULL, -- socket path on the host
  mode TEXT NOT NULL, -- permission bits of the socket in octal (0660)
  owner TEXT NOT NULL, -- owner user name of the socket (the uid as text when not in /etc/passwd)
  owner_uid INTEGER NOT NULL, -- owner uid of the socket
  "group" TEXT NOT NULL, -- group name of the socket (the gid as text when not in /etc/group)
  group_gid INTEGER NOT NULL, -- group gid of the socket
  principal TEXT NOT NULL, -- user name that can write the socket, or * for every user
  principal_uid INTEGER, -- uid of the principal, NULL for *
  via TEXT NOT NULL CHECK (via IN ('owner', 'group', 'primary-group', 'world')), -- owner (owns the socket), group (listed member of its group in /etc/group), primary-group (its /etc/passwd gid is the socket's group), world (mode lets everyone write)
  rootless INTEGER NOT NULL, -- 1 when the engine is rootless (reported by the engine, else inferred from a socket not owned by root)
  root_equivalent INTEGER NOT NULL, -- 1 when the engine is rootful and the principal can write its socket: it can get root on the host
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX host_access_open ON host_access_versions(valid_to);
CREATE INDEX host_access_from ON host_access_versions(valid_from);
CREATE UNIQUE INDEX host_access_key ON host_access_versions(engine_id, principal, via) WHERE valid_to IS NULL;
CREATE VIEW host_access AS SELECT * FROM host_access_versions WHERE valid_to IS NULL;
CREATE VIEW host_access_history AS SELECT * FROM host_access_versions;

CREATE TABLE cgroup_limits_versions ( -- one row per running container: the limits its cgroup enforces (NULL = unlimited)
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine the container belongs to
  container_id TEXT NOT NULL, -- full container ID
  cgroup_version INTEGER NOT NULL CHECK (cgroup_version IN (1, 2)), -- 1 (legacy or hybrid hierarchy) or 2 (unified)
  cgroup_path TEXT NOT NULL, -- cgroup of the container's init process (v1: of the memory controller), from /proc/<pid>/cgroup
  memory_max INTEGER, -- memory limit in bytes (v2 memory.max, v1 memory.limit_in_bytes), NULL when unlimited
  memory_swap_max INTEGER, -- v2 memory.swap.max (swap only) or v1 memory.memsw.limit_in_bytes (memory plus swap) in bytes, NULL when unlimited
  cpu_quota INTEGER, -- CPU time allowed per period in microseconds (v2 cpu.max, v1 cpu.cfs_quota_us), NULL when unlimited
  cpu_period INTEGER, -- CFS period in microseconds (v2 cpu.max, v1 cpu.cfs_period_us)
  cpu_weight INTEGER, -- relative CPU weight 1-10000 (v2 cpu.weight; v1 converted from cpu.shares as runc does)
  cpu_shares INTEGER, -- v1 cpu.shares relative weight (1024 = default), NULL on cgroup v2
  pids_max INTEGER, -- maximum number of tasks (pids.max), NULL when unlimited
  cpuset_cpus TEXT, -- CPUs the container may run on (v2 cpuset.cpus.effective, v1 cpuset.effective_cpus or cpuset.cpus)
  missing_files TEXT, -- limit files absent from the cgroup (controller not enabled or not delegated there), comma separated: their columns are NULL, no limit is enforced at this level
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX cgroup_limits_open ON cgroup_limits_versions(valid_to);
CREATE INDEX cgroup_limits_from ON cgroup_limits_versions(valid_from);
CREATE UNIQUE INDEX cgroup_limits_key ON cgroup_limits_versions(engine_id, container_id) WHERE valid_to IS NULL;
CREATE VIEW cgroup_limits AS SELECT * FROM cgroup_limits_versions WHERE valid_to IS NULL;
CREATE VIEW cgroup_limits_history AS SELECT * FROM cgroup_limits_versions;

CREATE TABLE container_usage_samples ( -- one row per running container per snapshot: resource usage read from its cgroup (never versioned)
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- the snapshot the sample was taken in
  engine_id TEXT NOT NULL, -- engine the container belongs to
  container_id TEXT NOT NULL, -- full container ID
  memory_current INTEGER, -- memory in use in bytes (v2 memory.current, v1 memory.usage_in_bytes), NULL when not readable
  pids_current INTEGER, -- number of tasks (pids.current), NULL when not readable
  oom_kills INTEGER, -- processes killed by the OOM killer in this cgroup (v2 memory.events oom_kill, v1 memory.oom_control oom_kill), NULL when not readable
  cpu_usage_usec INTEGER -- CPU time used in microseconds (v2 cpu.stat usage_usec, v1 cpuacct.usage / 1000), NULL when not readable
) STRICT;
CREATE INDEX container_usage_by_snapshot ON container_usage_samples(snapshot_id);
CREATE VIEW container_usage AS SELECT * FROM container_usage_samples WHERE snapshot_id = (SELECT max(id) FROM snapshots);

CREATE TABLE container_processes_versions ( -- one row per running container: the security the kernel enforces on its init process (/proc/<pid>/status)
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine the container belongs to
  container_id TEXT NOT NULL, -- full container ID
  process_name TEXT, -- process name (status Name:)
  cap_eff TEXT NOT NULL, -- effective capabilities, hex as in the file (CapEff:)
  cap_prm TEXT NOT NULL, -- permitted capabilities, hex (CapPrm:)
  cap_bnd TEXT NOT NULL, -- bounding set, hex (CapBnd:)
  cap_inh TEXT, -- inheritable capabilities, hex (CapInh:)
  cap_amb TEXT, -- ambient capabilities, hex (CapAmb:), NULL on kernels without them
  cap_eff_count INTEGER NOT NULL, -- number of effective capabilities (bits set in cap_eff)
  no_new_privs INTEGER, -- 1 when the process can not gain privileges through setuid or file capabilities (NoNewPrivs:)
  seccomp_mode INTEGER, -- 0 no seccomp, 1 strict, 2 filter (Seccomp:)
  uid INTEGER, -- real uid as seen from the host (Uid:)
  euid INTEGER, -- effective uid as seen from the host
  gid INTEGER, -- real gid as seen from the host (Gid:)
  egid INTEGER, -- effective gid as seen from the host
  groups TEXT, -- supplementary gids, comma separated (Groups:)
  nspid INTEGER, -- pid inside the container's innermost pid namespace (last NSpid: value; 1 for a container init)
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX container_processes_open ON container_processes_versions(valid_to);
CREATE INDEX container_processes_from ON container_processes_versions(valid_from);
CREATE UNIQUE INDEX container_processes_key ON container_processes_versions(engine_id, container_id) WHERE valid_to IS NULL;
CREATE VIEW container_processes AS SELECT * FROM container_processes_versions WHERE valid_to IS NULL;
CREATE VIEW container_processes_history AS SELECT * FROM container_processes_versions;
