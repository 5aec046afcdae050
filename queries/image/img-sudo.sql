-- id: img-sudo
-- title: sudo used or installed in the image build
-- severity: medium
-- section: image
-- per: image
-- cis: 4.3
-- rationale: sudo in an image either means the build ran as a user that escalates (hiding which steps run as root) or that sudo ships in the runtime image, giving any process that finds a misconfigured sudoers a step to root.
-- remediation: Run root steps before USER and drop sudo from the image; never install it in a runtime stage.
WITH steps AS (
  SELECT h.engine_id, h.image_id, h.step,
    ' ' || replace(replace(replace(replace(replace(replace(lower(coalesce(h.created_by, '')),
      ';', ' '), '&', ' '), '|', ' '), char(9), ' '), char(10), ' '), '(', ' ') || ' ' AS words
  FROM image_history h
),
per_image AS (
  SELECT engine_id, image_id, group_concat(step, ', ') AS steps
  FROM (SELECT * FROM steps WHERE words LIKE '% sudo %' ORDER BY step)
  GROUP BY engine_id, image_id
)
SELECT
  i.engine_id || '/images/' || i.image_id AS resource,
  CASE WHEN p.steps IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0 THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END || ': ' ||
  CASE WHEN p.steps IS NULL THEN 'no sudo in the build history'
    ELSE 'sudo in build step' || CASE WHEN instr(p.steps, ',') > 0 THEN 's ' ELSE ' ' END || p.steps END AS reason,
  i.engine_id, i.image_id
FROM images i
LEFT JOIN per_image p ON p.engine_id = i.engine_id AND p.image_id = i.image_id
ORDER BY resource;
