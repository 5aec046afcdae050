-- id: img-mutable-tag
-- title: Container runs an image by :latest or without any tag
-- severity: low
-- section: image
-- per: container
-- cis:
-- rationale: A reference without a digest and with no tag or :latest names whatever was pushed last; the next pull or restart on another host can run different code, and nobody can tell which version runs now.
-- remediation: Reference a version tag pinned by digest (name:1.2.3@sha256:...) in the container definition and recreate.
-- MATERIALIZED: split works out each reference's last segment once; flattened, its rtrim (costly on a long set of characters) was copied into every use of tag and ran about a dozen times per container (92 ms at 5,000 containers, 24 ms materialized).
WITH refs AS (
  SELECT c.engine_id, c.container_id, c.name, coalesce(c.image, '') AS ref
  FROM containers c
  WHERE c.running = 1
),
split AS MATERIALIZED (
  SELECT *, substr(ref, length(rtrim(ref, replace(ref, '/', ''))) + 1) AS last_segment
  FROM refs
),
judged AS (
  SELECT *,
    CASE WHEN instr(last_segment, ':') > 0 THEN substr(last_segment, instr(last_segment, ':') + 1) END AS tag
  FROM split
)
SELECT
  engine_id || '/containers/' || name AS resource,
  CASE WHEN instr(ref, '@sha256:') > 0 THEN 'ok'
    WHEN ref LIKE 'sha256:%' OR (length(ref) >= 12 AND ref NOT GLOB '*[^0-9a-f]*') THEN 'ok'
    WHEN ref = '' THEN 'skip'
    WHEN tag IS NULL OR tag = 'latest' THEN 'alarm'
    ELSE 'ok' END AS status,
  CASE WHEN instr(ref, '@sha256:') > 0 THEN 'pinned by digest: ' || ref
    WHEN ref LIKE 'sha256:%' OR (length(ref) >= 12 AND ref NOT GLOB '*[^0-9a-f]*') THEN 'created from an image ID (immutable)'
    WHEN ref = '' THEN 'image reference not recorded'
    WHEN tag IS NULL THEN 'image reference ' || ref || ' has no tag (implicitly :latest) and no digest'
    WHEN tag = 'latest' THEN 'image reference ' || ref || ' uses :latest without a digest'
    ELSE 'versioned tag ' || ref || ' (not digest-pinned)' END AS reason,
  engine_id, container_id
FROM judged
ORDER BY resource;
