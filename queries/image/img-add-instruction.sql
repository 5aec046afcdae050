-- id: img-add-instruction
-- title: ADD used instead of COPY
-- severity: low
-- section: image
-- per: image
-- cis: 4.9
-- rationale: ADD fetches URLs and unpacks archives implicitly, so what lands in the image depends on a remote server or an archive's contents rather than on the build context; COPY does only what it says. The oldest step (the base image's root filesystem, ADD file:... in /) is ignored.
-- remediation: Use COPY for local files; fetch remote files with curl plus a checksum check in a RUN step, or ADD --checksum=sha256:... .
WITH adds AS (
  SELECT h.engine_id, h.image_id, h.step,
    trim(replace(replace(h.created_by, '/bin/sh -c #(nop) ', ''), '|', ' ')) AS instruction
  FROM image_history h
  WHERE (h.created_by LIKE '%#(nop) ADD %' OR ltrim(h.created_by) LIKE 'ADD %')
    AND h.step > (SELECT min(o.step) FROM image_history o WHERE o.engine_id = h.engine_id AND o.image_id = h.image_id)
),
per_image AS (
  SELECT engine_id, image_id, count(*) AS n,
    group_concat('step ' || step || ' ' || CASE WHEN length(instruction) > 80 THEN substr(instruction, 1, 77) || '...' ELSE instruction END, '; ') AS what
  FROM (SELECT * FROM adds ORDER BY step)
  GROUP BY engine_id, image_id
)
SELECT
  i.engine_id || '/images/' || i.image_id AS resource,
  CASE WHEN a.n IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0 THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END || ': ' ||
  CASE WHEN a.n IS NULL THEN 'no ADD after the base layer'
    ELSE 'ADD in ' || a.n || ' build step' || CASE WHEN a.n > 1 THEN 's' ELSE '' END || ': ' || a.what END AS reason,
  i.engine_id, i.image_id
FROM images i
LEFT JOIN per_image a ON a.engine_id = i.engine_id AND a.image_id = i.image_id
ORDER BY resource;
