-- Stand-ins for the public views of schema/0002_host.sql and schema/0003_scans.sql, with the
-- column names the pending checks rely on. Only for trying the pending checks (see README.md);
-- the real tables come from those migrations and replace this file.
CREATE TABLE daemons (engine_id TEXT, pid INTEGER, uid INTEGER, euid INTEGER, user TEXT, exe TEXT, cmdline TEXT,
  started_at TEXT, config_path TEXT, config_changed_after_start INTEGER);
CREATE TABLE daemon_config (engine_id TEXT, key TEXT, value TEXT, source TEXT);
CREATE TABLE host_access (engine_id TEXT, socket_path TEXT, mode TEXT, owner TEXT, "group" TEXT, principal TEXT,
  via TEXT, root_equivalent INTEGER);
CREATE TABLE cgroup_limits (engine_id TEXT, container_id TEXT, cgroup_version TEXT, cgroup_path TEXT, memory_max INTEGER,
  memory_swap_max INTEGER, cpu_quota INTEGER, cpu_period INTEGER, cpu_weight INTEGER, pids_max INTEGER, cpuset_cpus TEXT);
CREATE TABLE container_processes (engine_id TEXT, container_id TEXT, cap_eff TEXT, cap_bnd TEXT, cap_eff_count INTEGER,
  no_new_privs INTEGER, seccomp_mode INTEGER, uid INTEGER, gid INTEGER);
CREATE TABLE scans (scan_id INTEGER, image_id TEXT, scanner TEXT, scanner_version TEXT, db_updated_at TEXT,
  scanned_at TEXT, source_sha256 TEXT);
CREATE TABLE vulnerabilities (image_id TEXT, scanner TEXT, vulnerability_id TEXT, package TEXT, installed_version TEXT,
  fixed_version TEXT, severity TEXT, cvss_score REAL, title TEXT);
