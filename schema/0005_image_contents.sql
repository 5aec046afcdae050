-- posture schema, migration 0005: image contents, what is inside each image's filesystem
-- (read from the engine's overlay layer folders or the streamed image export, never by
-- starting a container). Images are immutable: an image ID is analysed once and its rows are
-- carried into later snapshots unchanged, so they do not churn history.

CREATE TABLE image_contents_versions ( -- one row per image whose filesystem collect read (or tried to): how far it is from distroless
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine holding the image
  image_id TEXT NOT NULL, -- image ID (sha256:...)
  status TEXT NOT NULL CHECK (status IN ('ok', 'failed')), -- ok: the filesystem was read; failed: it could not be (see error; tried again at the next collect)
  error TEXT, -- why the filesystem could not be read, NULL when ok
  method TEXT, -- how it was read: graph-driver (the engine's overlay layer folders on this host) or export (GET /images/{id}/get streamed)
  layers INTEGER, -- filesystem layers read, bottom to top
  entries INTEGER, -- files, folders and links in the merged filesystem, whiteouts applied
  os_id TEXT, -- ID of /etc/os-release (debian, alpine, ...), NULL when the image has none
  os_version_id TEXT, -- VERSION_ID of /etc/os-release
  os_pretty_name TEXT, -- PRETTY_NAME of /etc/os-release
  shell_count INTEGER, -- shells found: /bin or /usr/bin sh, bash, ash, dash, busybox leading to a file (symlinks followed inside the image)
  shells TEXT, -- paths of those shells, comma separated ('' when none)
  package_managers TEXT, -- package managers found in the bin and sbin folders (apt, apt-get, dpkg, apk, yum, dnf, microdnf, rpm, zypper, pip, pip3, npm), comma separated
  has_sudo INTEGER, -- 1 when a sudo binary is present
  package_db TEXT, -- package database found: dpkg (/var/lib/dpkg/status or status.d), apk (/lib/apk/db/installed), rpm; NULL when none
  package_count INTEGER, -- installed packages counted in that database, NULL when none or not counted (rpm)
  setuid_count INTEGER, -- regular files with the setuid bit
  setgid_count INTEGER, -- regular files with the setgid bit
  secret_file_count INTEGER, -- files whose name looks like a secret (see image_files category secret)
  uid0_aliases TEXT, -- users other than root with uid 0 in /etc/passwd, comma separated
  empty_password_users TEXT, -- users with an empty password hash (/etc/shadow, else /etc/passwd), comma separated
  distroless INTEGER, -- 1 when the image has no shell, no package manager and no sudo
  distroless_reasons TEXT, -- why it is not distroless ('shell: /bin/sh; package manager: apt'), NULL when distroless
  analysis_ms INTEGER, -- time reading and analysing the filesystem took when it was analysed, NULL when failed
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX image_contents_open ON image_contents_versions(valid_to);
CREATE INDEX image_contents_from ON image_contents_versions(valid_from);
CREATE UNIQUE INDEX image_contents_key ON image_contents_versions(engine_id, image_id) WHERE valid_to IS NULL;
CREATE VIEW image_contents AS SELECT * FROM image_contents_versions WHERE valid_to IS NULL;
CREATE VIEW image_contents_history AS SELECT * FROM image_contents_versions;

CREATE TABLE image_files_versions ( -- one row per notable file inside an image: shell, package manager, sudo, setuid or setgid file, secret-looking file
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine holding the image
  image_id TEXT NOT NULL, -- image ID
  category TEXT NOT NULL CHECK (category IN ('shell', 'package_manager', 'sudo', 'setuid', 'setgid', 'secret')), -- why the file is listed
  path TEXT NOT NULL, -- absolute path inside the image, folders on the way resolved (/usr/bin/sh when /bin links to usr/bin)
  name TEXT NOT NULL, -- the tool (bash, apt, sudo), the file name (setuid, setgid), or the rule that matched (id_rsa, extension .jks, ssh host key)
  target TEXT, -- the file the path leads to when it is a symlink (/usr/bin/dash), NULL otherwise
  mode TEXT, -- permission bits in octal (4755) of the file (of the target for a symlink)
  uid INTEGER, -- owner uid of the file
  gid INTEGER, -- group gid of the file
  size INTEGER, -- size in bytes
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX image_files_open ON image_files_versions(valid_to);
CREATE INDEX image_files_from ON image_files_versions(valid_from);
CREATE UNIQUE INDEX image_files_key ON image_files_versions(engine_id, image_id, category, path) WHERE valid_to IS NULL;
CREATE VIEW image_files AS SELECT * FROM image_files_versions WHERE valid_to IS NULL;
CREATE VIEW image_files_history AS SELECT * FROM image_files_versions;

CREATE TABLE image_accounts_versions ( -- one row per user (/etc/passwd with /etc/shadow) or group (/etc/group) inside an image
  row_id INTEGER PRIMARY KEY, -- version row id
  engine_id TEXT NOT NULL, -- engine holding the image
  image_id TEXT NOT NULL, -- image ID
  kind TEXT NOT NULL CHECK (kind IN ('user', 'group')), -- user or group
  name TEXT NOT NULL, -- user or group name
  id INTEGER, -- uid of a user, gid of a group; NULL when the field is not a number
  primary_gid INTEGER, -- primary group of a user, NULL for groups
  home TEXT, -- home folder of a user
  shell TEXT, -- login shell of a user
  password TEXT CHECK (password IN ('empty', 'locked', 'set', 'unknown')), -- state of a user's password hash: empty (anyone logs in), locked (! or *), set, unknown (shadowed but no /etc/shadow entry); NULL for groups
  uid0_alias INTEGER NOT NULL, -- 1 for a user other than root with uid 0
  duplicate_id INTEGER NOT NULL, -- 1 when another user (group) of the image has the same uid (gid)
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX image_accounts_open ON image_accounts_versions(valid_to);
CREATE INDEX image_accounts_from ON image_accounts_versions(valid_from);
CREATE UNIQUE INDEX image_accounts_key ON image_accounts_versions(engine_id, image_id, kind, name) WHERE valid_to IS NULL;
CREATE VIEW image_accounts AS SELECT * FROM image_accounts_versions WHERE valid_to IS NULL;
CREATE VIEW image_accounts_history AS SELECT * FROM image_accounts_versions;

-- Counters of the image_contents collector. (SQLite appends an added column to the stored
-- CREATE TABLE text; the CHECK after the comment keeps the closing parenthesis out of it.)
ALTER TABLE snapshot_collectors ADD COLUMN images_analysed INTEGER -- images whose filesystem this collector read (or tried to) in this snapshot, NULL for other collectors
  CHECK (images_analysed >= 0);
ALTER TABLE snapshot_collectors ADD COLUMN images_reused INTEGER -- images whose stored contents were reused (analysed in an earlier snapshot), NULL for other collectors
  CHECK (images_reused >= 0);
