-- id: img-uid-anomalies
-- title: Extra uid-0 accounts or duplicate ids in the image
-- severity: medium
-- section: image
-- per: image
-- cis:
-- rationale: A second account with uid 0 is root under another name (a classic backdoor that audits of "root" miss), and users or groups sharing an id share every file and right of each other.
-- remediation: Remove the extra uid-0 account and give every user and group its own id in /etc/passwd and /etc/group.
WITH anomalies AS (
  SELECT engine_id, image_id,
    group_concat(CASE WHEN uid0_alias = 1 THEN name || ' has uid 0'
                      ELSE kind || ' ' || name || ' shares id ' || id END, ', ') AS list
  FROM (SELECT * FROM image_accounts WHERE uid0_alias = 1 OR duplicate_id = 1 ORDER BY kind DESC, id, name)
  GROUP BY engine_id, image_id
)
SELECT
  i.engine_id || '/images/' || i.image_id AS resource,
  CASE WHEN c.status IS NULL OR c.status <> 'ok' THEN 'skip'
    WHEN a.list IS NOT NULL THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0 THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END || ': ' ||
  CASE WHEN c.status IS NULL THEN 'contents not read yet (collect reads them unless --no-image-contents)'
    WHEN c.status <> 'ok' THEN 'contents could not be read (see image_contents.error)'
    WHEN a.list IS NOT NULL THEN a.list
    ELSE 'root is the only uid 0 and every id is unique' END AS reason,
  i.engine_id, i.image_id
FROM images i
LEFT JOIN image_contents c ON c.engine_id = i.engine_id AND c.image_id = i.image_id
LEFT JOIN anomalies a ON a.engine_id = i.engine_id AND a.image_id = i.image_id
ORDER BY resource;
