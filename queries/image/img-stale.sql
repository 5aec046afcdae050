-- id: img-stale
-- title: Image built more than 90 days before the snapshot
-- severity: low
-- section: image
-- cis: 4.4
-- rationale: An image that has not been rebuilt for months carries every base-image and package vulnerability fixed since. Age is measured against the snapshot's own time, so a past snapshot is judged as it stood then. Build dates before 1980 are reproducible-build placeholders and are skipped.
-- remediation: Rebuild regularly on a patched base image (and pull the fresh base), then recreate the containers.
WITH now AS (SELECT (SELECT taken_at FROM snapshots ORDER BY id DESC LIMIT 1) AS taken_at)
SELECT
  i.engine_id || '/images/' || i.image_id AS resource,
  CASE WHEN julianday(i.created) IS NULL OR julianday(now.taken_at) IS NULL THEN 'skip'
    WHEN i.created < '1980' THEN 'skip'
    WHEN julianday(now.taken_at) - julianday(i.created) > 90 THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0 THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END || ': ' ||
  CASE WHEN julianday(i.created) IS NULL THEN 'build date not recorded'
    WHEN julianday(now.taken_at) IS NULL THEN 'no snapshot time to compare with'
    WHEN i.created < '1980' THEN 'build date ' || substr(i.created, 1, 10) || ' is a reproducible-build placeholder'
    WHEN julianday(now.taken_at) - julianday(i.created) > 90 THEN 'built ' || substr(i.created, 1, 10) || ', more than 90 days before the snapshot'
    ELSE 'built ' || substr(i.created, 1, 10) || ', within 90 days of the snapshot' END AS reason,
  CASE WHEN i.created >= '1980' AND julianday(now.taken_at) - julianday(i.created) <= 90
    THEN datetime(i.created, '+90 days') END AS changes_at,
  i.engine_id, i.image_id
FROM images i, now
ORDER BY resource;
