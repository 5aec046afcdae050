-- id: daemon-runtime-versions
-- title: runc carries known container-escape vulnerabilities
-- severity: high
-- section: daemon
-- cis: 1.2.2
-- rationale: The escape bugs live in runc, not in the engine: runc before 1.1.12 has CVE-2024-21626 (leaked fd, host filesystem access from a container or a malicious image); runc before 1.2.8, and 1.3.x before 1.3.3, have CVE-2025-31133, CVE-2025-52565 and CVE-2025-52881 (masked-path and /dev/console races).
-- remediation: Upgrade the runc (or containerd.io / docker-ce) package to runc 1.2.8, 1.3.3 or later and restart the containers.
-- Row severity: critical below 1.1.12, high for the 2025 advisories. Engines whose default runtime is not runc are skipped.
WITH v AS (
  SELECT e.engine_id, e.runc_version, e.default_runtime,
    ltrim(lower(trim(coalesce(e.runc_version, ''))), 'v') AS s
  FROM engines e
),
parts AS (
  SELECT *, CAST(s AS INTEGER) AS major,
    CAST(substr(s, instr(s, '.') + 1) AS INTEGER) AS minor,
    substr(s, instr(s, '.') + 1) AS after_major
  FROM v
),
parsed AS (
  SELECT *, CASE WHEN instr(after_major, '.') = 0 THEN 0
      ELSE CAST(substr(after_major, instr(after_major, '.') + 1) AS INTEGER) END AS patch,
    s GLOB '[0-9]*.[0-9]*' AS valid
  FROM parts
),
judged AS (
  SELECT *,
    CASE WHEN NOT valid THEN NULL
      WHEN major = 0 OR (major = 1 AND minor = 0) OR (major = 1 AND minor = 1 AND patch < 12) THEN 2
      WHEN major = 1 AND (minor = 1 OR (minor = 2 AND patch < 8) OR (minor = 3 AND patch < 3)) THEN 1
      ELSE 0 END AS level
  FROM parsed
)
SELECT
  engine_id AS resource,
  CASE WHEN coalesce(default_runtime, 'runc') NOT IN ('runc', 'io.containerd.runc.v2') THEN 'skip'
    WHEN level IS NULL THEN 'skip'
    WHEN level > 0 THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN coalesce(default_runtime, 'runc') NOT IN ('runc', 'io.containerd.runc.v2') THEN 'default runtime ' || default_runtime || ', not runc'
    WHEN level IS NULL THEN 'runc version ' || coalesce(nullif(runc_version, ''), 'not reported') || ': cannot compare'
    WHEN level = 2 THEN 'runc ' || runc_version || ' is older than 1.1.12: CVE-2024-21626 container escape (and the 2025 advisories)'
    WHEN level = 1 THEN 'runc ' || runc_version || ' lacks the fixes for CVE-2025-31133, CVE-2025-52565 and CVE-2025-52881 (fixed in 1.2.8 and 1.3.3)'
    ELSE 'runc ' || runc_version || ' has the known escape fixes' END AS reason,
  CASE level WHEN 2 THEN 'critical' WHEN 1 THEN 'high' END AS severity
FROM judged
ORDER BY resource;
