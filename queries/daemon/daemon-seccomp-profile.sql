-- id: daemon-seccomp-profile
-- title: Default seccomp profile missing or replaced
-- severity: high
-- section: daemon
-- cis: 2.17
-- rationale: The engine's built-in seccomp profile is the syscall filter every container gets by default. Without seccomp support nothing is filtered; a replaced daemon-wide profile may allow what the default blocks. Current engines report the built-in profile as "builtin", older ones as "default" - both pass.
-- remediation: Run on a kernel with seccomp and keep the built-in profile; if "seccomp-profile" is set in daemon.json, review it against the default.
-- Row severity: high when seccomp is unavailable, medium for a custom profile.
SELECT
  e.engine_id AS resource,
  CASE WHEN e.seccomp_profile IS NULL THEN 'alarm'
    WHEN lower(e.seccomp_profile) IN ('builtin', 'default') THEN 'ok'
    ELSE 'alarm' END AS status,
  CASE WHEN e.seccomp_profile IS NULL THEN 'the engine reports no seccomp support: containers run without a syscall filter'
    WHEN lower(e.seccomp_profile) IN ('builtin', 'default') THEN 'built-in seccomp profile (' || e.seccomp_profile || ')'
    ELSE 'daemon-wide seccomp profile replaced by ' || e.seccomp_profile || ': review it against the built-in one' END AS reason,
  CASE WHEN e.seccomp_profile IS NULL THEN 'high'
    WHEN lower(e.seccomp_profile) NOT IN ('builtin', 'default') THEN 'medium' END AS severity
FROM engines e
ORDER BY resource;
