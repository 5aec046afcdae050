-- id: img-curl-pipe-shell
-- title: Remote script piped into a shell during the build
-- severity: medium
-- section: image
-- per: image
-- cis: 4.11
-- rationale: curl ... | sh (or wget -O- ... | bash) runs whatever the server returns at build time, unverified; a compromised or spoofed server owns the image.
-- remediation: Download to a file, verify a pinned checksum or signature, then run it; or install from the distribution's signed packages.
WITH steps AS (
  SELECT h.engine_id, h.image_id, h.step,
    replace(replace(replace(replace(lower(coalesce(h.created_by, '')), char(9), ' '), '|  ', '|'), '| ', '|'), '| ', '|') || ' ' AS x
  FROM image_history h
),
hits AS (
  SELECT * FROM steps
  WHERE (instr(x, 'curl ') > 0 OR instr(x, 'wget ') > 0)
    AND (x LIKE '%|sh %' OR x LIKE '%|bash %' OR x LIKE '%|/bin/sh %' OR x LIKE '%|/bin/bash %'
      OR x LIKE '%|sudo sh %' OR x LIKE '%|sudo bash %' OR x LIKE '%|sudo -e sh %' OR x LIKE '%|sudo -e bash %'
      OR x LIKE '%|zsh %' OR x LIKE '%|ash %' OR x LIKE '%|python %' OR x LIKE '%|python3 %' OR x LIKE '%|perl %')
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
  CASE WHEN p.steps IS NULL THEN 'no download piped into a shell in the build history'
    ELSE 'download piped into a shell in build step' || CASE WHEN instr(p.steps, ',') > 0 THEN 's ' ELSE ' ' END || p.steps END AS reason,
  i.engine_id, i.image_id
FROM images i
LEFT JOIN per_image p ON p.engine_id = i.engine_id AND p.image_id = i.image_id
ORDER BY resource;
