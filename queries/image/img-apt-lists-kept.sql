-- id: img-apt-lists-kept
-- title: apt-get install without cleaning the package lists
-- severity: low
-- section: image
-- per: image
-- cis: 4.3
-- rationale: A RUN that installs with apt but does not remove /var/lib/apt/lists in the same step leaves tens of megabytes of package indexes in the layer for ever - bloat that also dates the image and eases further installs by an intruder.
-- remediation: End the same RUN with rm -rf /var/lib/apt/lists/* (or use a BuildKit cache mount for /var/lib/apt), and install with --no-install-recommends.
WITH steps AS (
  SELECT h.engine_id, h.image_id, h.step, lower(coalesce(h.created_by, '')) AS x
  FROM image_history h
),
hits AS (
  SELECT * FROM steps
  WHERE (x LIKE '%apt-get install%' OR x LIKE '%apt-get -y install%' OR x LIKE '%apt install%'
      OR x LIKE '%apt-get -qq install%' OR x LIKE '%apt-get --yes install%')
    AND instr(x, '/var/lib/apt') = 0
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
  CASE WHEN p.steps IS NULL THEN 'no apt install that leaves package lists behind'
    ELSE 'apt install without removing /var/lib/apt/lists in build step' || CASE WHEN instr(p.steps, ',') > 0 THEN 's ' ELSE ' ' END || p.steps END AS reason,
  i.engine_id, i.image_id
FROM images i
LEFT JOIN per_image p ON p.engine_id = i.engine_id AND p.image_id = i.image_id
ORDER BY resource;
