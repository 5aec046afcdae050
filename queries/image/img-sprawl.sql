-- id: img-sprawl
-- title: Most images on the engine are unused
-- severity: info
-- section: image
-- cis: 6.1
-- rationale: Images no container uses still take disk, still show up in scans and can be started by mistake; when fewer than half are in use, the store needs pruning.
-- remediation: Remove unused images (docker image prune -a after review) and prune regularly.
WITH counts AS (
  SELECT e.engine_id,
    (SELECT count(*) FROM images i WHERE i.engine_id = e.engine_id) AS total,
    (SELECT count(*) FROM images i WHERE i.engine_id = e.engine_id
       AND EXISTS (SELECT 1 FROM containers c WHERE c.engine_id = i.engine_id AND c.image_id = i.image_id)) AS used
  FROM engines e
)
SELECT
  engine_id AS resource,
  CASE WHEN total = 0 THEN 'ok' WHEN used * 2 < total THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN total = 0 THEN 'no images'
    ELSE used || ' of ' || total || ' images are used by a container'
      || CASE WHEN used * 2 < total THEN ': prune the rest' ELSE '' END END AS reason,
  total, used
FROM counts
ORDER BY resource;
