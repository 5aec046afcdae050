-- posture schema, migration 0003: imported vulnerability-scanner reports (Trivy, Grype, Snyk).
-- Shipped migrations are never edited; add a new numbered file instead.
--
-- Stored facts: scans, scan_vulnerabilities, scan_secrets, scan_misconfigurations, each versioned
-- per scan (a newer report of the same subject by the same scanner replaces the older one's rows,
-- change-only). A scan's subject is what the report says it scanned: the image ID when the report
-- has one, else a repo digest, else an image reference (repo:tag).
--
-- Derived relations: scan_images (which images a scan attaches to) and vulnerabilities (findings
-- per image). They are computed from the stored facts and the images/image_tags facts at query
-- time, so a report imported before its image appears attaches as soon as the image is recorded.
-- Their x_versions are views, not tables: each row is the interval in which the underlying
-- versions held together (valid_from = the later start, valid_to = the earlier end). Snapshot
-- scoping rewrites the public view `x AS SELECT * FROM x_versions WHERE valid_to IS NULL` like any
-- other, so `--snapshot N` answers for the scans and images as they were at N. (A view that
-- joined the public views by name would not be scoped: SQLite resolves the names in a main-schema
-- view to main-schema objects, never to the TEMP views that scoping creates.)

CREATE TABLE scans_versions ( -- one row per imported scanner report, per subject and scanner (the latest report wins)
  row_id INTEGER PRIMARY KEY, -- version row id
  scan_id TEXT NOT NULL, -- stable scan identity: scanner and a hash of the subject (a newer report of the same subject keeps it)
  scanner TEXT NOT NULL CHECK (scanner IN ('trivy', 'grype', 'snyk')), -- scanner that wrote the report
  format TEXT NOT NULL, -- report format (trivy-json-v2, grype-json, snyk-json)
  scanner_version TEXT, -- scanner version from the report, NULL when it does not say
  db_updated_at TEXT, -- when the scanner's vulnerability database was built (ISO-8601 UTC), NULL when the report does not say (Trivy JSON, Snyk)
  scanned_at TEXT, -- when the scan ran according to the report (ISO-8601 UTC), NULL when it does not say (Snyk)
  image_id TEXT, -- image ID (sha256:...) the report names, NULL when it names none (Snyk)
  image_ref TEXT, -- image reference the report names (what the scanner was asked to scan: repo:tag, repo@digest or a file)
  repo_digest TEXT, -- first repository digest the report names (repo@sha256:...), NULL when none
  repo_digests TEXT, -- every repository digest the report names, comma separated
  repo_tags TEXT, -- every repository tag the report names, comma separated
  match_kind TEXT NOT NULL CHECK (match_kind IN ('image_id', 'repo_digest', 'repo_tag', 'none')), -- how the scan attaches to images: by image ID, else repo digest, else repo tag (weakest: a tag can move), none when the report names no image
  match_key TEXT, -- value matched against images: the image ID, the digest (sha256:...) or the normalised repo:tag; NULL for none
  os TEXT, -- operating system the scanner detected (alpine 3.19.1), NULL when unknown
  source_sha256 TEXT NOT NULL, -- SHA-256 (hex) of the report file as imported
  source_file TEXT NOT NULL, -- path of the report file as given to posture
  vulnerability_count INTEGER NOT NULL, -- distinct findings stored (duplicates in the report collapse to one)
  critical_count INTEGER NOT NULL, -- findings of severity critical
  high_count INTEGER NOT NULL, -- findings of severity high
  secret_count INTEGER NOT NULL, -- secrets the scanner found in the image (Trivy)
  misconfiguration_count INTEGER NOT NULL, -- failed misconfiguration checks (Trivy)
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX scans_open ON scans_versions(valid_to);
CREATE INDEX scans_from ON scans_versions(valid_from);
CREATE UNIQUE INDEX scans_key ON scans_versions(scan_id) WHERE valid_to IS NULL;
CREATE INDEX scans_match ON scans_versions(match_kind, match_key);
CREATE VIEW scans AS SELECT * FROM scans_versions WHERE valid_to IS NULL;
CREATE VIEW scans_history AS SELECT * FROM scans_versions;

CREATE TABLE scan_vulnerabilities_versions ( -- one row per finding of a scan, as the report gives it (see vulnerabilities for findings per image)
  row_id INTEGER PRIMARY KEY, -- version row id
  scan_id TEXT NOT NULL, -- scan the finding belongs to
  scanner TEXT NOT NULL, -- scanner that reported it
  match_kind TEXT NOT NULL, -- the scan's match_kind, repeated so findings attach to images without a join
  match_key TEXT, -- the scan's match_key, repeated for the same reason
  vulnerability_id TEXT NOT NULL, -- CVE, GHSA or scanner-specific ID (SNYK-DEBIAN12-ZLIB-...)
  aliases TEXT, -- other IDs of the same vulnerability (CVE IDs of a Snyk issue, related IDs from Grype), comma separated
  package TEXT NOT NULL, -- affected package name
  installed_version TEXT NOT NULL, -- installed version of the package
  fixed_version TEXT, -- version(s) that fix it, comma separated, NULL when no fix is known
  severity TEXT NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'negligible', 'unknown')), -- severity, normalised across scanners
  cvss_score REAL, -- CVSS v3 base score the scanner chose (vendor, else NVD), NULL when none
  title TEXT, -- one-line title (Grype: first line of the description)
  status TEXT, -- fix status as the scanner says it (fixed, affected, will_not_fix, not-fixed, wont-fix, ...)
  package_type TEXT, -- package ecosystem (apk, deb, rpm, npm, gomod, java-archive, ...)
  target TEXT NOT NULL, -- scan target inside the image (Trivy result target, Snyk application file), '' for the OS or when none
  pkg_path TEXT NOT NULL, -- file the package was found in (lock file, jar, binary), '' when not given
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX scan_vulnerabilities_open ON scan_vulnerabilities_versions(valid_to);
CREATE INDEX scan_vulnerabilities_from ON scan_vulnerabilities_versions(valid_from);
CREATE UNIQUE INDEX scan_vulnerabilities_key ON scan_vulnerabilities_versions(scan_id, vulnerability_id, package, installed_version, target, pkg_path) WHERE valid_to IS NULL;
CREATE INDEX scan_vulnerabilities_match ON scan_vulnerabilities_versions(match_kind, match_key);
CREATE VIEW scan_vulnerabilities AS SELECT * FROM scan_vulnerabilities_versions WHERE valid_to IS NULL;
CREATE VIEW scan_vulnerabilities_history AS SELECT * FROM scan_vulnerabilities_versions;

CREATE TABLE scan_secrets_versions ( -- one row per secret a scanner found in an image (Trivy); the secret itself is never stored
  row_id INTEGER PRIMARY KEY, -- version row id
  scan_id TEXT NOT NULL, -- scan that found it
  target TEXT NOT NULL, -- file the secret is in
  rule_id TEXT NOT NULL, -- scanner rule that matched (aws-access-key-id, private-key, ...)
  start_line INTEGER NOT NULL, -- first line of the match, 0 when not given
  end_line INTEGER, -- last line of the match
  category TEXT, -- kind of secret (AWS, AsymmetricPrivateKey, ...)
  severity TEXT NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'negligible', 'unknown')), -- severity, normalised
  title TEXT, -- rule title
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX scan_secrets_open ON scan_secrets_versions(valid_to);
CREATE INDEX scan_secrets_from ON scan_secrets_versions(valid_from);
CREATE UNIQUE INDEX scan_secrets_key ON scan_secrets_versions(scan_id, target, rule_id, start_line) WHERE valid_to IS NULL;
CREATE VIEW scan_secrets AS SELECT * FROM scan_secrets_versions WHERE valid_to IS NULL;
CREATE VIEW scan_secrets_history AS SELECT * FROM scan_secrets_versions;

CREATE TABLE scan_misconfigurations_versions ( -- one row per misconfiguration check a scanner failed in an image (Trivy)
  row_id INTEGER PRIMARY KEY, -- version row id
  scan_id TEXT NOT NULL, -- scan that found it
  target TEXT NOT NULL, -- file checked (Dockerfile, a Kubernetes manifest, ...)
  check_id TEXT NOT NULL, -- check ID (AVD-DS-0002, DS002, ...)
  type TEXT, -- kind of file checked (dockerfile, kubernetes, ...)
  title TEXT, -- check title
  severity TEXT NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'negligible', 'unknown')), -- severity, normalised
  status TEXT, -- FAIL, or another status the scanner reports
  message TEXT, -- what the scanner says is wrong
  row_hash BLOB NOT NULL, -- content hash of this version
  valid_from INTEGER NOT NULL, -- first snapshot in which this version held
  valid_to INTEGER -- first snapshot in which it no longer held, NULL while current
) STRICT;
CREATE INDEX scan_misconfigurations_open ON scan_misconfigurations_versions(valid_to);
CREATE INDEX scan_misconfigurations_from ON scan_misconfigurations_versions(valid_from);
CREATE UNIQUE INDEX scan_misconfigurations_key ON scan_misconfigurations_versions(scan_id, target, check_id) WHERE valid_to IS NULL;
CREATE VIEW scan_misconfigurations AS SELECT * FROM scan_misconfigurations_versions WHERE valid_to IS NULL;
CREATE VIEW scan_misconfigurations_history AS SELECT * FROM scan_misconfigurations_versions;

CREATE VIEW scan_images_versions AS -- every interval in which a scan attached to an image of an engine (derived from scans, images and image_tags)
SELECT
  s.scan_id AS scan_id, -- the scan
  s.scanner AS scanner, -- scanner of the scan
  i.engine_id AS engine_id, -- engine holding the image
  i.image_id AS image_id, -- image the scan attaches to
  s.match_kind AS match_kind, -- how it attaches: image_id (exact), repo_digest (same content) or repo_tag (a tag, which can move)
  max(s.valid_from, i.valid_from) AS valid_from, -- first snapshot in which the scan and the image held together
  CASE WHEN s.valid_to IS NULL THEN i.valid_to WHEN i.valid_to IS NULL THEN s.valid_to ELSE min(s.valid_to, i.valid_to) END AS valid_to -- first snapshot in which either no longer held, NULL while both hold
FROM scans_versions s
JOIN images_versions i ON i.image_id = s.match_key
WHERE s.match_kind = 'image_id'
  AND max(s.valid_from, i.valid_from) < coalesce(CASE WHEN s.valid_to IS NULL THEN i.valid_to WHEN i.valid_to IS NULL THEN s.valid_to ELSE min(s.valid_to, i.valid_to) END, 9223372036854775807)
UNION ALL
SELECT
  s.scan_id, s.scanner, t.engine_id, t.image_id, s.match_kind,
  max(s.valid_from, t.valid_from),
  CASE WHEN s.valid_to IS NULL THEN t.valid_to WHEN t.valid_to IS NULL THEN s.valid_to ELSE min(s.valid_to, t.valid_to) END
FROM image_tags_versions t
JOIN scans_versions s
  ON s.match_kind = CASE t.kind WHEN 'digest' THEN 'repo_digest' ELSE 'repo_tag' END
  AND s.match_key = CASE
    WHEN t.kind = 'digest' THEN substr(t.reference, instr(t.reference, '@') + 1)
    WHEN t.reference LIKE 'docker.io/library/%' THEN substr(t.reference, 19)
    WHEN t.reference LIKE 'docker.io/%' THEN substr(t.reference, 11)
    ELSE t.reference END
WHERE max(s.valid_from, t.valid_from) < coalesce(CASE WHEN s.valid_to IS NULL THEN t.valid_to WHEN t.valid_to IS NULL THEN s.valid_to ELSE min(s.valid_to, t.valid_to) END, 9223372036854775807);
CREATE VIEW scan_images AS SELECT * FROM scan_images_versions WHERE valid_to IS NULL;
CREATE VIEW scan_images_history AS SELECT * FROM scan_images_versions;

-- vulnerabilities_versions: findings of scans that name an image ID apply to that image, whether
-- or not it is on a host; findings of scans matched by digest or tag apply to the images that
-- carried that digest or tag at the time (one row per engine image). Findings of a scan that
-- matches no image are in scan_vulnerabilities only. The by-digest/tag part is split by which
-- side closes first so that `valid_to IS NULL` stays an indexed lookup.
CREATE VIEW vulnerabilities_versions AS -- every interval in which a scanner finding applied to an image (derived from scan_vulnerabilities and image_tags)
SELECT
  f.match_key AS image_id, -- image the finding applies to
  f.scanner AS scanner, -- scanner that reported it
  f.vulnerability_id AS vulnerability_id, -- CVE, GHSA or scanner-specific ID
  f.package AS package, -- affected package name
  f.installed_version AS installed_version, -- installed version of the package
  f.fixed_version AS fixed_version, -- version(s) that fix it, NULL when no fix is known
  f.severity AS severity, -- critical, high, medium, low, negligible or unknown
  f.cvss_score AS cvss_score, -- CVSS v3 base score, NULL when none
  f.title AS title, -- one-line title
  f.status AS status, -- fix status as the scanner says it
  f.aliases AS aliases, -- other IDs of the same vulnerability, comma separated
  f.package_type AS package_type, -- package ecosystem
  f.target AS target, -- scan target inside the image, '' when none
  f.pkg_path AS pkg_path, -- file the package was found in, '' when not given
  f.scan_id AS scan_id, -- scan that reported it
  f.match_kind AS match_kind, -- how the scan attached to the image: image_id, repo_digest or repo_tag
  NULL AS engine_id, -- engine whose digest or tag matched, NULL when the report named the image ID
  f.row_hash AS row_hash, -- content hash of the finding
  f.valid_from AS valid_from, -- first snapshot in which the finding applied to the image
  f.valid_to AS valid_to -- first snapshot in which it no longer did, NULL while current
FROM scan_vulnerabilities_versions f
WHERE +f.match_kind = 'image_id'
UNION ALL
SELECT t.image_id, f.scanner, f.vulnerability_id, f.package, f.installed_version, f.fixed_version,
  f.severity, f.cvss_score, f.title, f.status, f.aliases, f.package_type, f.target, f.pkg_path,
  f.scan_id, f.match_kind, t.engine_id, f.row_hash, max(f.valid_from, t.valid_from), NULL
FROM image_tags_versions t
JOIN scan_vulnerabilities_versions f
  ON f.match_kind = CASE t.kind WHEN 'digest' THEN 'repo_digest' ELSE 'repo_tag' END
  AND f.match_key = CASE
    WHEN t.kind = 'digest' THEN substr(t.reference, instr(t.reference, '@') + 1)
    WHEN t.reference LIKE 'docker.io/library/%' THEN substr(t.reference, 19)
    WHEN t.reference LIKE 'docker.io/%' THEN substr(t.reference, 11)
    ELSE t.reference END
WHERE f.valid_to IS NULL AND t.valid_to IS NULL
UNION ALL
SELECT t.image_id, f.scanner, f.vulnerability_id, f.package, f.installed_version, f.fixed_version,
  f.severity, f.cvss_score, f.title, f.status, f.aliases, f.package_type, f.target, f.pkg_path,
  f.scan_id, f.match_kind, t.engine_id, f.row_hash, max(f.valid_from, t.valid_from), f.valid_to
FROM image_tags_versions t
JOIN scan_vulnerabilities_versions f
  ON f.match_kind = CASE t.kind WHEN 'digest' THEN 'repo_digest' ELSE 'repo_tag' END
  AND f.match_key = CASE
    WHEN t.kind = 'digest' THEN substr(t.reference, instr(t.reference, '@') + 1)
    WHEN t.reference LIKE 'docker.io/library/%' THEN substr(t.reference, 19)
    WHEN t.reference LIKE 'docker.io/%' THEN substr(t.reference, 11)
    ELSE t.reference END
WHERE f.valid_to IS NOT NULL AND (t.valid_to IS NULL OR f.valid_to <= t.valid_to)
  AND max(f.valid_from, t.valid_from) < f.valid_to
UNION ALL
SELECT t.image_id, f.scanner, f.vulnerability_id, f.package, f.installed_version, f.fixed_version,
  f.severity, f.cvss_score, f.title, f.status, f.aliases, f.package_type, f.target, f.pkg_path,
  f.scan_id, f.match_kind, t.engine_id, f.row_hash, max(f.valid_from, t.valid_from), t.valid_to
FROM image_tags_versions t
JOIN scan_vulnerabilities_versions f
  ON f.match_kind = CASE t.kind WHEN 'digest' THEN 'repo_digest' ELSE 'repo_tag' END
  AND f.match_key = CASE
    WHEN t.kind = 'digest' THEN substr(t.reference, instr(t.reference, '@') + 1)
    WHEN t.reference LIKE 'docker.io/library/%' THEN substr(t.reference, 19)
    WHEN t.reference LIKE 'docker.io/%' THEN substr(t.reference, 11)
    ELSE t.reference END
WHERE t.valid_to IS NOT NULL AND (f.valid_to IS NULL OR t.valid_to < f.valid_to)
  AND max(f.valid_from, t.valid_from) < t.valid_to;
CREATE VIEW vulnerabilities AS SELECT * FROM vulnerabilities_versions WHERE valid_to IS NULL;
CREATE VIEW vulnerabilities_history AS SELECT * FROM vulnerabilities_versions;
