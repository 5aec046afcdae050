-- Host and scanner facts for the bad-zoo scenario (Fixtures/checks/bad-zoo), in the stand-in
-- tables of stub-0002-0003.sql: every pending check alarms somewhere and passes somewhere.
-- E1 = unix:///var/run/docker.sock (rootful, bad), E2 = tcp://10.0.0.5:2376 (userns-remap),
-- E3 = unix:///run/user/1000/podman/podman.sock (rootless podman).
INSERT INTO daemons VALUES
  ('unix:///var/run/docker.sock', 812, 0, 0, 'root', '/usr/bin/dockerd', '/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375', '2026-02-01T08:00:00Z', '/etc/docker/daemon.json', 1),
  ('tcp://10.0.0.5:2376', 901, 0, 0, 'root', '/usr/bin/dockerd', '/usr/bin/dockerd', '2026-02-01T08:00:00Z', '/etc/docker/daemon.json', 0),
  ('unix:///run/user/1000/podman/podman.sock', 4242, 1000, 1000, 'alice', '/usr/bin/podman', 'podman system service', '2026-02-01T08:00:00Z', NULL, 0);
INSERT INTO daemon_config VALUES
  ('unix:///var/run/docker.sock', 'hosts', 'fd://,tcp://0.0.0.0:2375', 'flag'),
  ('unix:///var/run/docker.sock', 'live-restore', 'true', 'file'),
  ('unix:///var/run/docker.sock', 'iptables', 'false', 'file'),
  ('unix:///var/run/docker.sock', 'log-level', 'debug', 'file'),
  ('unix:///var/run/docker.sock', 'cgroup-parent', '/docker-custom', 'file'),
  ('unix:///var/run/docker.sock', 'storage-opts', 'dm.basesize=20G', 'file'),
  ('tcp://10.0.0.5:2376', 'hosts', 'unix:///var/run/docker.sock,tcp://0.0.0.0:2376', 'file'),
  ('tcp://10.0.0.5:2376', 'tlsverify', 'true', 'file'),
  ('tcp://10.0.0.5:2376', 'userland-proxy', 'false', 'file'),
  ('tcp://10.0.0.5:2376', 'userns-remap', 'default', 'file'),
  ('tcp://10.0.0.5:2376', 'default-ulimits', '{"nofile":{"Name":"nofile","Hard":65536,"Soft":65536}}', 'file'),
  ('tcp://10.0.0.5:2376', 'icc', 'false', 'file');
INSERT INTO host_access VALUES
  ('unix:///var/run/docker.sock', '/var/run/docker.sock', '0666', 'root', 'docker', 'root', 'owner', 1),
  ('unix:///var/run/docker.sock', '/var/run/docker.sock', '0666', 'root', 'docker', 'alice', 'group', 1),
  ('unix:///var/run/docker.sock', '/var/run/docker.sock', '0666', 'root', 'docker', 'bob', 'primary-group', 1),
  ('unix:///var/run/docker.sock', '/var/run/docker.sock', '0666', 'root', 'docker', '*', 'world', 1),
  ('tcp://10.0.0.5:2376', '/var/run/docker.sock', '0660', 'root', 'docker', 'root', 'owner', 1),
  ('unix:///run/user/1000/podman/podman.sock', '/run/user/1000/podman/podman.sock', '0600', 'alice', 'alice', 'alice', 'owner', 0);
INSERT INTO cgroup_limits VALUES
  ('unix:///var/run/docker.sock', 'ctr-capall', '1', '/docker/ctr-capall', NULL, NULL, NULL, 100000, NULL, NULL, NULL),
  ('unix:///var/run/docker.sock', 'ctr-etcro', '1', '/docker/ctr-etcro', 536870912, NULL, NULL, 100000, NULL, NULL, NULL),
  ('tcp://10.0.0.5:2376', 'ctr-remapped', '2', '/system.slice/docker-ctr-remapped.scope', NULL, NULL, NULL, 100000, 100, NULL, NULL);
INSERT INTO container_processes VALUES
  ('unix:///var/run/docker.sock', 'ctr-priv', '000001ffffffffff', '000001ffffffffff', 41, 0, 0, 0, 0),
  ('unix:///var/run/docker.sock', 'ctr-capall', '000001ffffffffff', '000001ffffffffff', 41, 0, 2, 101, 101),
  ('unix:///var/run/docker.sock', 'ctr-sock', '000001ffffffffff', '000001ffffffffff', 41, 0, 2, 0, 0),
  ('tcp://10.0.0.5:2376', 'ctr-remapped', '00000000a80425fb', '00000000a80425fb', 14, 1, 0, 100000, 100000),
  ('unix:///run/user/1000/podman/podman.sock', 'ctr-pod-ok', '00000000800405fb', '00000000800405fb', 11, 1, 2, 1000, 1000);
INSERT INTO scans VALUES
  (1, 'sha256:1111111111111111111111111111111111111111111111111111111111111111', 'trivy', '0.56.2', '2026-01-01T00:00:00Z', '2026-02-27T10:00:00Z', 'aa'),
  (2, 'sha256:6666666666666666666666666666666666666666666666666666666666666666', 'grype', '0.80.0', '2026-02-27T00:00:00Z', '2026-02-28T10:00:00Z', 'bb'),
  (3, 'sha256:5555555555555555555555555555555555555555555555555555555555555555', 'trivy', '0.56.2', '2026-01-10T00:00:00Z', '2026-01-10T10:00:00Z', 'cc');
INSERT INTO vulnerabilities VALUES
  ('sha256:1111111111111111111111111111111111111111111111111111111111111111', 'trivy', 'CVE-2024-6387', 'openssh-server', '1:9.2p1-2', '1:9.2p1-2+deb12u3', 'critical', 8.1, 'regreSSHion'),
  ('sha256:1111111111111111111111111111111111111111111111111111111111111111', 'trivy', 'CVE-2023-4911', 'libc6', '2.36-9', '2.36-9+deb12u3', 'high', 7.8, 'Looney Tunables'),
  ('sha256:1111111111111111111111111111111111111111111111111111111111111111', 'trivy', 'CVE-2025-0001', 'libfoo', '1.0', NULL, 'critical', 9.8, 'no fix yet'),
  ('sha256:5555555555555555555555555555555555555555555555555555555555555555', 'trivy', 'CVE-2024-0002', 'libpq5', '16.1', '16.4', 'high', 7.5, 'fixable high'),
  ('sha256:6666666666666666666666666666666666666666666666666666666666666666', 'grype', 'CVE-2024-0003', 'zlib', '1.2.13', '1.3.1', 'medium', 5.0, 'medium only');
