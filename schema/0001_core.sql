-- posture schema, migration 0001: snapshots, engines, containers, images, networks, volumes.
-- Shipped migrations are never edited; add a new numbered file instead.
--
-- Conventions: every fact table is stored as <name>_versions with the snapshot range in which
-- each version held (valid_from inclusive, valid_to exclusive, NULL while current). The view
-- <name> shows the current state (or, under `--snapshot N`, the state as of snapshot N), and
-- <name>_history every version. Booleans are 0/1, sizes bytes, times ISO-8601 UTC text.

CREATE TABLE snapshots ( -- one row per collect run
  id INTEGER PRIMARY KEY, -- snapshot id, increasing with time
  taken_at TEXT NOT NULL, -- when the collect started (ISO-8601 UTC)
  host TEXT NOT NULL, -- host name the collect ran on
  status TEXT NOT NULL CHECK (status IN ('complete', 'partial', 'failed')), -- complete: every collector succeeded; partial: some failed; failed: none succeeded
  tool_version TEXT NOT NULL, -- posture version that wrote the snapshot
  schema_version INTEGER NOT NULL, -- number of schema migrations applied when written
  duration_ms INTEGER -- wall time of the collect in milliseconds
) STRICT;

CREATE TABLE snapshot_collectors ( -- one row per collector x engine x snapshot
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- the snapshot
  collector TEXT NOT NULL, -- collector name (engine, containers, images, networks, volumes, ...)
  engine_id TEXT, -- engine the collector read, NULL for host-wide collectors
  status TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'failed', 'skipped')), -- ok, partial (some items unreadable), failed (facts kept as they were), skipped (not attempted, see error)
  error TEXT, -- what failed or why it was skipped, NULL when ok
  item_count INTEGER NOT NULL, -- number of items (containers, images, ...) read
  duration_ms INTEGER NOT NULL, -- time the collector took in milliseconds
  versions_opened INTEGER NOT NULL DEFAULT 0, -- fact versions this collector opened (new or changed rows)
  versions_closed INTEGER NOT NULL DEFAULT 0 -- fact versions this collector closed (changed or removed rows)
) STRICT;
CREATE INDEX snapshot_collectors_by_snapshot ON snapshot_collectors(snapshot_id);

CREATE TABLE engines_versions ( -- one row per container engine endpoint (Docker or Podman)
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- stable engine identity: the normalised endpoint URL
  kind TEXT, -- docker or podman
  endpoint TEXT NOT NULL, -- URL posture connected to (unix:///var/run/docker.sock, tcp://host:2376)
  daemon_id TEXT, -- the daemon's own ID from /info
  daemon_name TEXT, -- host name the daemon reports (/info Name)
  version TEXT, -- engine version (/version Version)
  api_version TEXT, -- highest API version the engine supports
  min_api_version TEXT, -- lowest API version the engine supports
  os TEXT, -- operating system of the daemon host (/info OperatingSystem)
  kernel_version TEXT, -- kernel version of the daemon host
  architecture TEXT, -- CPU architecture of the daemon host
  ncpu INTEGER, -- CPUs visible to the daemon
  mem_total INTEGER, -- memory visible to the daemon, bytes
  rootless INTEGER, -- 1 when SecurityOptions contains name=rootless
  userns_remap INTEGER, -- 1 when SecurityOptions contains name=userns
  live_restore INTEGER, -- 1 when live-restore is enabled (containers survive a daemon restart)
  cgroup_version TEXT, -- cgroup version the daemon uses (1 or 2)
  cgroup_driver TEXT, -- cgroupfs, systemd or none
  seccomp_profile TEXT, -- seccomp profile from SecurityOptions (builtin, default, a path), NULL when seccomp is off
  apparmor INTEGER, -- 1 when SecurityOptions contains name=apparmor
  selinux INTEGER, -- 1 when SecurityOptions contains name=selinux
  no_new_privileges INTEGER, -- 1 when SecurityOptions contains name=no-new-privileges (daemon-wide default)
  security_options TEXT, -- SecurityOptions, comma separated
  logging_driver TEXT, -- default logging driver
  storage_driver TEXT, -- storage driver (overlay2, vfs, ...)
  root_dir TEXT, -- data root (/info DockerRootDir)
  default_runtime TEXT, -- default OCI runtime
  runc_version TEXT, -- runc (or crun) version from /version Components or /info
  containerd_version TEXT, -- containerd version from /version Components
  debug INTEGER, -- 1 when the daemon runs in debug mode
  experimental INTEGER, -- 1 when experimental features are on
  swarm_state TEXT, -- swarm LocalNodeState (inactive, active, ...)
  insecure_registries TEXT, -- InsecureRegistryCIDRs and insecure index names, comma separated
  authorization_plugins TEXT, -- authorization plugins, comma separated
  warnings TEXT, -- /info Warnings, one per line
  reachable INTEGER NOT NULL, -- 1 when the engine answered in this snapshot, 0 when it could not be reached
  error TEXT, -- why the engine could not be reached, NULL when reachable
  raw_json TEXT, -- /version and /info as JSON, volatile counters removed
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX engines_open ON engines_versions(valid_to);
CREATE INDEX engines_from ON engines_versions(valid_from);
CREATE UNIQUE INDEX engines_key ON engines_versions(engine_id) WHERE valid_to IS NULL;
CREATE VIEW engines AS SELECT * FROM engines_versions WHERE valid_to IS NULL;
CREATE VIEW engines_history AS SELECT * FROM engines_versions;

CREATE TABLE containers_versions ( -- one row per container, running or not
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine the container belongs to
  container_id TEXT NOT NULL, -- full container ID
  name TEXT NOT NULL, -- container name without the leading slash
  image TEXT, -- image reference the container was created from (Config.Image)
  image_id TEXT, -- image ID (sha256:...)
  command TEXT, -- entrypoint and command, space separated
  created TEXT, -- when the container was created
  state TEXT, -- created, running, paused, restarting, exited, dead
  running INTEGER NOT NULL, -- 1 when the container is running
  exit_code INTEGER, -- last exit code
  privileged INTEGER NOT NULL, -- 1 when started with --privileged
  user TEXT, -- user the container runs as (Config.User), '' for the image default
  readonly_rootfs INTEGER NOT NULL, -- 1 when the root filesystem is read-only
  network_mode TEXT, -- HostConfig.NetworkMode (bridge, host, none, container:<id>, a network name)
  pid_mode TEXT, -- HostConfig.PidMode ('' private, host, container:<id>)
  ipc_mode TEXT, -- HostConfig.IpcMode (private, shareable, host, container:<id>)
  uts_mode TEXT, -- HostConfig.UTSMode ('' private, host)
  userns_mode TEXT, -- HostConfig.UsernsMode ('' default, host)
  cgroupns_mode TEXT, -- HostConfig.CgroupnsMode (private, host)
  cgroup_parent TEXT, -- HostConfig.CgroupParent
  memory_limit INTEGER, -- HostConfig.Memory in bytes, NULL when unlimited
  memory_reservation INTEGER, -- HostConfig.MemoryReservation in bytes, NULL when unset
  memory_swap INTEGER, -- HostConfig.MemorySwap in bytes (memory plus swap), NULL when unset, -1 unlimited
  nano_cpus INTEGER, -- HostConfig.NanoCpus (1e9 = one CPU), NULL when unset
  cpu_quota INTEGER, -- HostConfig.CpuQuota in microseconds per period, NULL when unset
  cpu_period INTEGER, -- HostConfig.CpuPeriod in microseconds, NULL when unset
  cpu_shares INTEGER, -- HostConfig.CpuShares relative weight, NULL when unset
  cpuset_cpus TEXT, -- HostConfig.CpusetCpus, NULL when unset
  pids_limit INTEGER, -- HostConfig.PidsLimit, NULL when unlimited
  oom_kill_disable INTEGER, -- 1 when the OOM killer is disabled for the container
  restart_policy TEXT, -- restart policy name (no, always, unless-stopped, on-failure)
  restart_max_retries INTEGER, -- maximum retries of an on-failure restart policy
  no_new_privileges INTEGER NOT NULL, -- 1 when SecurityOpt has no-new-privileges
  seccomp_profile TEXT, -- seccomp profile from SecurityOpt (unconfined, a path), NULL for the engine default
  apparmor_profile TEXT, -- AppArmor profile applied (AppArmorProfile, or SecurityOpt apparmor=)
  selinux_options TEXT, -- SELinux labels from SecurityOpt, comma separated
  security_options TEXT, -- HostConfig.SecurityOpt, comma separated
  proc_unmasked INTEGER NOT NULL, -- 1 when /proc masking was disabled (MaskedPaths empty, e.g. --security-opt systempaths=unconfined)
  devices TEXT, -- host devices mapped in (PathOnHost:PathInContainer), comma separated
  healthcheck TEXT, -- healthcheck test command, NULL when none is configured
  log_driver TEXT, -- logging driver of the container
  pid INTEGER, -- host pid of the container's init process, NULL when not running
  started_at TEXT, -- when the container last started
  finished_at TEXT, -- when the container last stopped
  raw_json TEXT, -- container inspect JSON, secret values replaced by keyed hashes
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX containers_open ON containers_versions(valid_to);
CREATE INDEX containers_from ON containers_versions(valid_from);
CREATE UNIQUE INDEX containers_key ON containers_versions(engine_id, container_id) WHERE valid_to IS NULL;
CREATE VIEW containers AS SELECT * FROM containers_versions WHERE valid_to IS NULL;
CREATE VIEW containers_history AS SELECT * FROM containers_versions;

CREATE TABLE container_mounts_versions ( -- one row per mount of a container
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine the container belongs to
  container_id TEXT NOT NULL, -- container the mount belongs to
  type TEXT, -- bind, volume, tmpfs, npipe
  source TEXT, -- host path (bind) or volume mount point on the host
  destination TEXT NOT NULL, -- path inside the container
  volume_name TEXT, -- volume name for volume mounts
  rw INTEGER NOT NULL, -- 1 when mounted read-write
  propagation TEXT, -- mount propagation (rprivate, shared, ...)
  mode TEXT, -- mount mode string given at creation (ro, z, ...)
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX container_mounts_open ON container_mounts_versions(valid_to);
CREATE INDEX container_mounts_from ON container_mounts_versions(valid_from);
CREATE UNIQUE INDEX container_mounts_key ON container_mounts_versions(engine_id, container_id, destination) WHERE valid_to IS NULL;
CREATE VIEW container_mounts AS SELECT * FROM container_mounts_versions WHERE valid_to IS NULL;
CREATE VIEW container_mounts_history AS SELECT * FROM container_mounts_versions;

CREATE TABLE container_ports_versions ( -- one row per published port binding (HostConfig.PortBindings)
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine the container belongs to
  container_id TEXT NOT NULL, -- container publishing the port
  container_port INTEGER NOT NULL, -- port inside the container
  protocol TEXT NOT NULL, -- tcp, udp or sctp
  host_ip TEXT NOT NULL, -- host address bound; '', 0.0.0.0 and :: mean every interface
  host_port TEXT NOT NULL, -- host port or range; '' lets the engine pick one
  wildcard INTEGER NOT NULL, -- 1 when host_ip binds every interface ('', 0.0.0.0 or ::)
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX container_ports_open ON container_ports_versions(valid_to);
CREATE INDEX container_ports_from ON container_ports_versions(valid_from);
CREATE UNIQUE INDEX container_ports_key ON container_ports_versions(engine_id, container_id, container_port, protocol, host_ip, host_port) WHERE valid_to IS NULL;
CREATE VIEW container_ports AS SELECT * FROM container_ports_versions WHERE valid_to IS NULL;
CREATE VIEW container_ports_history AS SELECT * FROM container_ports_versions;

CREATE TABLE container_networks_versions ( -- one row per network attachment (NetworkSettings.Networks)
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine the container belongs to
  container_id TEXT NOT NULL, -- attached container
  network_name TEXT NOT NULL, -- network name
  network_id TEXT, -- network ID, NULL when the container never started on it
  ip_address TEXT, -- IPv4 address on the network, NULL when not running
  ipv6_address TEXT, -- global IPv6 address on the network, NULL when none
  aliases TEXT, -- DNS aliases on the network, comma separated
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX container_networks_open ON container_networks_versions(valid_to);
CREATE INDEX container_networks_from ON container_networks_versions(valid_from);
CREATE UNIQUE INDEX container_networks_key ON container_networks_versions(engine_id, container_id, network_name) WHERE valid_to IS NULL;
CREATE VIEW container_networks AS SELECT * FROM container_networks_versions WHERE valid_to IS NULL;
CREATE VIEW container_networks_history AS SELECT * FROM container_networks_versions;

CREATE TABLE container_capabilities_versions ( -- one row per capability added or dropped at creation
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine the container belongs to
  container_id TEXT NOT NULL, -- container
  capability TEXT NOT NULL, -- capability name without the CAP_ prefix, upper case (ALL for all)
  action TEXT NOT NULL CHECK (action IN ('add', 'drop')), -- add (HostConfig.CapAdd) or drop (HostConfig.CapDrop)
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX container_capabilities_open ON container_capabilities_versions(valid_to);
CREATE INDEX container_capabilities_from ON container_capabilities_versions(valid_from);
CREATE UNIQUE INDEX container_capabilities_key ON container_capabilities_versions(engine_id, container_id, capability, action) WHERE valid_to IS NULL;
CREATE VIEW container_capabilities AS SELECT * FROM container_capabilities_versions WHERE valid_to IS NULL;
CREATE VIEW container_capabilities_history AS SELECT * FROM container_capabilities_versions;

CREATE TABLE container_env_versions ( -- one row per environment variable of a container
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine the container belongs to
  container_id TEXT NOT NULL, -- container
  key TEXT NOT NULL, -- variable name
  value_hash TEXT NOT NULL, -- keyed hash (HMAC-SHA256, hex) of the value; the value itself is never stored
  secret_like INTEGER NOT NULL, -- 1 when the name looks like a credential (PASSWORD, TOKEN, SECRET, KEY, ...)
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX container_env_open ON container_env_versions(valid_to);
CREATE INDEX container_env_from ON container_env_versions(valid_from);
CREATE UNIQUE INDEX container_env_key ON container_env_versions(engine_id, container_id, key) WHERE valid_to IS NULL;
CREATE VIEW container_env AS SELECT * FROM container_env_versions WHERE valid_to IS NULL;
CREATE VIEW container_env_history AS SELECT * FROM container_env_versions;

CREATE TABLE container_labels_versions ( -- one row per label of a container
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine the container belongs to
  container_id TEXT NOT NULL, -- container
  key TEXT NOT NULL, -- label name
  value TEXT, -- label value, NULL when the label looks like a credential
  value_hash TEXT NOT NULL, -- keyed hash (HMAC-SHA256, hex) of the value
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX container_labels_open ON container_labels_versions(valid_to);
CREATE INDEX container_labels_from ON container_labels_versions(valid_from);
CREATE UNIQUE INDEX container_labels_key ON container_labels_versions(engine_id, container_id, key) WHERE valid_to IS NULL;
CREATE VIEW container_labels AS SELECT * FROM container_labels_versions WHERE valid_to IS NULL;
CREATE VIEW container_labels_history AS SELECT * FROM container_labels_versions;

CREATE TABLE images_versions ( -- one row per image in an engine's store
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine holding the image
  image_id TEXT NOT NULL, -- image ID (sha256:...)
  repo_tags TEXT, -- repository tags, comma separated ('' when untagged)
  repo_digests TEXT, -- repository digests, comma separated
  parent_id TEXT, -- parent image ID for locally built images
  created TEXT, -- when the image was built
  size INTEGER, -- image size in bytes
  layers INTEGER, -- number of filesystem layers
  user TEXT, -- default user (Config.User), '' for root
  working_dir TEXT, -- default working directory
  entrypoint TEXT, -- default entrypoint, space separated
  command TEXT, -- default command, space separated
  exposed_ports TEXT, -- ports the image declares (80/tcp, ...), comma separated
  volumes TEXT, -- volumes the image declares, comma separated
  os TEXT, -- operating system (linux)
  architecture TEXT, -- CPU architecture (amd64, arm64)
  healthcheck TEXT, -- healthcheck test command, NULL when the image has none
  raw_json TEXT, -- image inspect JSON, secret values replaced by keyed hashes
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX images_open ON images_versions(valid_to);
CREATE INDEX images_from ON images_versions(valid_from);
CREATE UNIQUE INDEX images_key ON images_versions(engine_id, image_id) WHERE valid_to IS NULL;
CREATE VIEW images AS SELECT * FROM images_versions WHERE valid_to IS NULL;
CREATE VIEW images_history AS SELECT * FROM images_versions;

CREATE TABLE image_tags_versions ( -- one row per tag or digest of an image
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine holding the image
  image_id TEXT NOT NULL, -- image ID
  reference TEXT NOT NULL, -- repo:tag or repo@digest
  kind TEXT NOT NULL CHECK (kind IN ('tag', 'digest')), -- tag or digest
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX image_tags_open ON image_tags_versions(valid_to);
CREATE INDEX image_tags_from ON image_tags_versions(valid_from);
CREATE UNIQUE INDEX image_tags_key ON image_tags_versions(engine_id, image_id, reference) WHERE valid_to IS NULL;
CREATE VIEW image_tags AS SELECT * FROM image_tags_versions WHERE valid_to IS NULL;
CREATE VIEW image_tags_history AS SELECT * FROM image_tags_versions;

CREATE TABLE image_env_versions ( -- one row per environment variable baked into an image
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine holding the image
  image_id TEXT NOT NULL, -- image ID
  key TEXT NOT NULL, -- variable name
  value_hash TEXT NOT NULL, -- keyed hash (HMAC-SHA256, hex) of the value; the value itself is never stored
  secret_like INTEGER NOT NULL, -- 1 when the name looks like a credential
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX image_env_open ON image_env_versions(valid_to);
CREATE INDEX image_env_from ON image_env_versions(valid_from);
CREATE UNIQUE INDEX image_env_key ON image_env_versions(engine_id, image_id, key) WHERE valid_to IS NULL;
CREATE VIEW image_env AS SELECT * FROM image_env_versions WHERE valid_to IS NULL;
CREATE VIEW image_env_history AS SELECT * FROM image_env_versions;

CREATE TABLE image_history_versions ( -- one row per build step of an image (GET /images/{id}/history)
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine holding the image
  image_id TEXT NOT NULL, -- image ID
  step INTEGER NOT NULL, -- build step, 0 = oldest (base)
  created TEXT, -- when the step ran
  created_by TEXT, -- instruction that created the step
  size INTEGER, -- bytes the step added
  empty_layer INTEGER NOT NULL, -- 1 when the step added no bytes (metadata-only instructions such as ENV, CMD)
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX image_history_open ON image_history_versions(valid_to);
CREATE INDEX image_history_from ON image_history_versions(valid_from);
CREATE UNIQUE INDEX image_history_key ON image_history_versions(engine_id, image_id, step) WHERE valid_to IS NULL;
CREATE VIEW image_history AS SELECT * FROM image_history_versions WHERE valid_to IS NULL;
CREATE VIEW image_history_history AS SELECT * FROM image_history_versions;

CREATE TABLE networks_versions ( -- one row per network of an engine
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine holding the network
  network_id TEXT NOT NULL, -- network ID
  name TEXT NOT NULL, -- network name
  driver TEXT, -- bridge, host, null, overlay, macvlan, ...
  scope TEXT, -- local, swarm or global
  internal INTEGER NOT NULL, -- 1 when the network has no route outside the host
  attachable INTEGER NOT NULL, -- 1 when standalone containers may attach (swarm networks)
  icc INTEGER, -- 1 when containers on this bridge may talk to each other (enable_icc), NULL for non-bridge drivers
  ipv6 INTEGER NOT NULL, -- 1 when IPv6 is enabled
  ip_masquerade INTEGER, -- 1 when outbound traffic is masqueraded (bridge), NULL for non-bridge drivers
  host_binding_ipv4 TEXT, -- default host address for published ports on this bridge, NULL when unset
  subnet TEXT, -- first configured subnet
  subnets TEXT, -- every configured subnet, comma separated
  gateway TEXT, -- gateway of the first subnet
  options TEXT, -- driver options key=value, comma separated
  created TEXT, -- when the network was created
  raw_json TEXT, -- network inspect JSON without the Containers member
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX networks_open ON networks_versions(valid_to);
CREATE INDEX networks_from ON networks_versions(valid_from);
CREATE UNIQUE INDEX networks_key ON networks_versions(engine_id, network_id) WHERE valid_to IS NULL;
CREATE VIEW networks AS SELECT * FROM networks_versions WHERE valid_to IS NULL;
CREATE VIEW networks_history AS SELECT * FROM networks_versions;

CREATE TABLE volumes_versions ( -- one row per volume of an engine
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine holding the volume
  name TEXT NOT NULL, -- volume name
  driver TEXT, -- volume driver (local, ...)
  mountpoint TEXT, -- where the volume lives on the host
  scope TEXT, -- local or global
  bind_device TEXT, -- host path when the local driver binds one (o=bind, device=...), NULL otherwise
  options TEXT, -- driver options key=value, comma separated
  created TEXT, -- when the volume was created
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX volumes_open ON volumes_versions(valid_to);
CREATE INDEX volumes_from ON volumes_versions(valid_from);
CREATE UNIQUE INDEX volumes_key ON volumes_versions(engine_id, name) WHERE valid_to IS NULL;
CREATE VIEW volumes AS SELECT * FROM volumes_versions WHERE valid_to IS NULL;
CREATE VIEW volumes_history AS SELECT * FROM volumes_versions;
