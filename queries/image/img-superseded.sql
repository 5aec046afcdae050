-- id: img-superseded
-- title: Container runs a superseded or untagged image
-- severity: medium
-- section: image
-- per: container
-- cis: 5.28
-- rationale: When the tag a container was created from now names a newer image, the new image was pulled but the container never recreated - it still runs the old code and its old vulnerabilities. An image with no tag left at all is an orphan nobody tracks.
-- remediation: Recreate the container from the current image (docker compose up -d, or docker rm + docker run), then remove the old image.
-- MATERIALIZED: candidates holds each tagged_ref once, not copied into the four forms looked up; current_ids looks each distinct one up once through the image_tags reference index (about 300 lookups at 5,000 containers instead of one per container, each with its own sort); resolved reads current_ids and tag_counts through scalar subqueries, which get automatic indexes (joined, either could be scanned once per container). 50 ms at 5,000 containers before current_ids, 39 ms with it.
WITH refs AS (
  SELECT c.engine_id, c.container_id, c.name, c.image_id, coalesce(c.image, '') AS ref,
    substr(coalesce(c.image, ''), length(rtrim(coalesce(c.image, ''), replace(coalesce(c.image, ''), '/', ''))) + 1) AS last_segment
  FROM containers c
  WHERE c.running = 1
),
candidates AS MATERIALIZED (
  SELECT r.engine_id, r.container_id, r.name, r.image_id, r.ref,
    CASE WHEN instr(r.last_segment, ':') > 0 THEN r.ref ELSE r.ref || ':latest' END AS tagged_ref
  FROM refs r
),
-- How many tags each image has, worked out once per image.
tag_counts AS MATERIALIZED (
  SELECT engine_id, image_id, count(*) AS n FROM image_tags WHERE kind = 'tag' GROUP BY engine_id, image_id
),
-- The image each distinct reference names now: containers share references.
current_ids AS MATERIALIZED (
  SELECT r.engine_id, r.tagged_ref,
    (SELECT t.image_id FROM image_tags t
     WHERE t.engine_id = r.engine_id AND t.kind = 'tag'
       AND t.reference IN (r.tagged_ref, 'docker.io/' || r.tagged_ref, 'docker.io/library/' || r.tagged_ref, 'localhost/' || r.tagged_ref)
     ORDER BY length(t.reference), t.image_id LIMIT 1) AS current_id
  FROM (SELECT DISTINCT engine_id, tagged_ref FROM candidates) r
),
resolved AS MATERIALIZED (
  SELECT c.*,
    (SELECT u.current_id FROM current_ids u WHERE u.engine_id = c.engine_id AND u.tagged_ref = c.tagged_ref) AS current_id,
    coalesce((SELECT tc.n FROM tag_counts tc WHERE tc.engine_id = c.engine_id AND tc.image_id = c.image_id), 0) AS own_tags
  FROM candidates c
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
