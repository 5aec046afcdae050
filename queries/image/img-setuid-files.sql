-- id: img-setuid-files
-- title: setuid or setgid files in the image
-- severity: low
-- section: image
-- per: image
-- cis: 4.8
-- rationale: A setuid or setgid file runs with its owner's (usually root's) rights whoever starts it: every one is a privilege-escalation path for a process in the container that has not set no-new-privileges.
-- remediation: Strip the bits in the build (find / -xdev -perm /6000 -type f -exec chmod a-s {} +) and run containers with --security-opt no-new-privileges.
WITH special AS (
  SELECT engine_id, image_id, count(DISTINCT path) AS n,
    group_concat(path || ' (' || mode || ')', ', ') AS list
  FROM (SELECT DISTINCT engine_id, image_id, path, mode FROM image_files
        WHERE category IN ('setuid', 'setgid') ORDER BY path)
  GROUP BY engine_id, image_id
)
SELECT
  i.engine_id || '/images/' || i.image_id AS resource,
  CASE WHEN c.status IS NULL OR c.status <> 'ok' THEN 'skip'
    WHEN s.n > 0 THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0 THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END || ': ' ||
  CASE WHEN c.status IS NULL THEN 'contents not read yet (collect reads them unless --no-image-contents)'
    WHEN c.status <> 'ok' THEN 'contents could not be read (see image_contents.error)'
    WHEN s.n > 0 THEN s.n || ' setuid/setgid file' || CASE WHEN s.n > 1 THEN 's' ELSE '' END || ': ' || s.list
    ELSE 'no setuid or setgid file' END AS reason,
  i.engine_id, i.image_id
FROM images i
LEFT JOIN image_contents c ON c.engine_id = i.engine_id AND c.image_id = i.image_id
LEFT JOIN special s ON s.engine_id = i.engine_id AND s.image_id = i.image_id
ORDER BY resource;
