-- id: img-update-alone
-- title: Package index update without an install in the same step
-- severity: low
-- section: image
-- per: image
-- cis: 4.7
-- rationale: RUN apt-get update on its own is cached as a layer; later RUN apt-get install steps then use stale indexes and install outdated (vulnerable) versions, or fail. The update belongs in the same chain as the install.
-- remediation: RUN apt-get update && apt-get install -y --no-install-recommends <pkgs> && rm -rf /var/lib/apt/lists/* (apk: apk add --no-cache <pkgs>).
WITH steps AS (
  SELECT h.engine_id, h.image_id, h.step, lower(coalesce(h.created_by, '')) AS x
  FROM image_history h
),
located AS (
  SELECT *, CASE
      WHEN instr(x, 'apt-get update') > 0 THEN instr(x, 'apt-get update')
      WHEN instr(x, 'apt update') > 0 THEN instr(x, 'apt update')
      WHEN instr(x, 'apk update') > 0 THEN instr(x, 'apk update')
      ELSE 0 END AS at
  FROM steps
),
hits AS (
  SELECT * FROM located
  WHERE at > 0 AND substr(x, at + 10) NOT LIKE '%install%' AND substr(x, at + 10) NOT LIKE '%upgrade%'
    AND substr(x, at + 10) NOT LIKE '%apk add%'
),
per_image AS (
  SELECT engine_id, image_id, group_concat(step, ', ') AS steps
  FROM (SELECT * FROM hits ORDER BY step)
  GROUP BY engine_id, image_id
)
SELECT
  i.engine_id || '/images/' || i.image_id AS resource,
  CASE WHEN p.steps IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0 THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END || ': ' ||
  CASE WHEN p.steps IS NULL THEN 'no package index update left alone'
    ELSE 'package index update without install or upgrade in build step' || CASE WHEN instr(p.steps, ',') > 0 THEN 's ' ELSE ' ' END || p.steps END AS reason,
  i.engine_id, i.image_id
FROM images i
LEFT JOIN per_image p ON p.engine_id = i.engine_id AND p.image_id = i.image_id
ORDER BY resource;
