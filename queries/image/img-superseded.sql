-- id: img-superseded
-- title: Container runs a superseded or untagged image
-- severity: medium
-- section: image
-- per: container
-- cis: 5.28
-- rationale: When the tag a container was created from now names a newer image, the new image was pulled but the container never recreated - it still runs the old code and its old vulnerabilities. An image with no tag left at all is an orphan nobody tracks.
-- remediation: Recreate the container from the current image (docker compose up -d, or docker rm + docker run), then remove the old image.
-- MATERIALIZED: candidates holds each tagged_ref once, not copied into the four forms looked up; resolved looks them up once per container through the image_tags reference index (joining a table of the distinct references could use no index: it was scanned once per container).
WITH refs AS (
  SELECT c.engine_id, c.container_id, c.name, c.image_id, coalesce(c.image, '') AS ref,
    substr(coalesce(c.image, ''), length(rtrim(coalesce(c.image, ''), replace(coalesce(c.image, ''), '/', ''))) + 1) AS last_segment
  FROM containers c
  WHERE c.running = 1
),
candidates AS MATERIALIZED (
  SELECT r.*,
    CASE WHEN instr(r.last_segment, ':') > 0 THEN r.ref ELSE r.ref || ':latest' END AS tagged_ref
  FROM refs r
),
-- How many tags each image has, worked out once per image.
tag_counts AS MATERIALIZED (
  SELECT engine_id, image_id, count(*) AS n FROM image_tags WHERE kind = 'tag' GROUP BY engine_id, image_id
),
resolved AS MATERIALIZED (
  SELECT c.*,
    (SELECT t.image_id FROM image_tags t
     WHERE t.engine_id = c.engine_id AND t.kind = 'tag'
       AND t.reference IN (c.tagged_ref, 'docker.io/' || c.tagged_ref, 'docker.io/library/' || c.tagged_ref, 'localhost/' || c.tagged_ref)
     ORDER BY length(t.reference), t.image_id LIMIT 1) AS current_id,
    coalesce(tc.n, 0) AS own_tags
  FROM candidates c
  LEFT JOIN tag_counts tc ON tc.engine_id = c.engine_id AND tc.image_id = c.image_id
)
SELECT
  engine_id || '/containers/' || name AS resource,
  CASE WHEN instr(ref, '@') > 0 OR ref LIKE 'sha256:%' THEN 'ok'
    WHEN current_id IS NOT NULL AND current_id <> image_id THEN 'alarm'
    WHEN current_id IS NULL AND own_tags = 0 THEN 'alarm'
    WHEN current_id IS NULL THEN 'skip'
    ELSE 'ok' END AS status,
  CASE WHEN instr(ref, '@') > 0 OR ref LIKE 'sha256:%' THEN 'pinned reference: no tag to follow'
    WHEN current_id IS NOT NULL AND current_id <> image_id THEN 'runs ' || substr(image_id, 1, 19) || ' but ' || tagged_ref
      || ' now names ' || substr(current_id, 1, 19) || ': pulled, never recreated'
    WHEN current_id IS NULL AND own_tags = 0 THEN 'runs untagged image ' || substr(image_id, 1, 19) || '; ' || tagged_ref || ' no longer names any local image'
    WHEN current_id IS NULL THEN tagged_ref || ' does not name a local image; the image it runs has other tags'
    ELSE 'runs the image ' || tagged_ref || ' currently names' END AS reason,
  engine_id, container_id
FROM resolved
ORDER BY resource;
