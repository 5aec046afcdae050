-- id: img-pkg-manager-sudo
-- title: Package manager or sudo in the runtime image
-- severity: low
-- section: image
-- per: image
-- cis: 4.3, 4.11
-- rationale: A package manager in a running image lets an intruder install tools (or a compiler) in one command, and sudo is a ready-made step to root for any process that finds a misconfigured sudoers. Images graded medium carry sudo.
-- remediation: Install in a build stage and copy only the result into a runtime stage without apt, apk, dnf, pip or npm; never install sudo in an image (run root steps before USER instead).
WITH tools AS (
  SELECT engine_id, image_id, group_concat(name, ', ') AS list
  FROM (SELECT DISTINCT engine_id, image_id, name FROM image_files
        WHERE category IN ('package_manager', 'sudo') ORDER BY name)
  GROUP BY engine_id, image_id
)
SELECT
  i.engine_id || '/images/' || i.image_id AS resource,
  CASE WHEN c.status IS NULL OR c.status <> 'ok' THEN 'skip'
    WHEN t.list IS NOT NULL THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0 THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END || ': ' ||
  CASE WHEN c.status IS NULL THEN 'contents not read yet (collect reads them unless --no-image-contents)'
    WHEN c.status <> 'ok' THEN 'contents could not be read (see image_contents.error)'
    WHEN t.list IS NOT NULL THEN 'in the image: ' || t.list
      || CASE WHEN c.package_db IS NOT NULL THEN ' (' || c.package_db || coalesce(' database, ' || c.package_count || ' packages', ' database') || ')' ELSE '' END
    ELSE 'no package manager and no sudo' END AS reason,
  CASE WHEN c.has_sudo = 1 THEN 'medium' END AS severity,
  i.engine_id, i.image_id
FROM images i
LEFT JOIN image_contents c ON c.engine_id = i.engine_id AND c.image_id = i.image_id
LEFT JOIN tools t ON t.engine_id = i.engine_id AND t.image_id = i.image_id
ORDER BY resource;
