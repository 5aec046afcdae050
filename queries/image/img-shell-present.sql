-- id: img-shell-present
-- title: Shell in the runtime image
-- severity: info
-- section: image
-- per: image
-- cis: 4.3
-- rationale: A shell (sh, bash, ash, dash, busybox) is what turns a code-execution bug into an interactive foothold: it runs the attacker's one-liners, download-and-run chains and reverse shells. Images of internet-facing containers (a running container publishing a port on every interface) are graded low.
-- remediation: Build the runtime image FROM a distroless or scratch base in a multi-stage build, copying only the application; debug with docker debug or an ephemeral container instead of a shell in the image.
WITH shells AS (
  SELECT engine_id, image_id, group_concat(path || coalesce(' -> ' || target, ''), ', ') AS list
  FROM (SELECT * FROM image_files WHERE category = 'shell' ORDER BY path)
  GROUP BY engine_id, image_id
),
-- Grouped rather than DISTINCT: SQLite then knows each image is listed once and joins it through an
-- automatic index; with DISTINCT it read every exposed image again for each image (14 ms at 5,000
-- containers, 7 ms grouped).
exposed AS (
  SELECT c.engine_id, c.image_id
  FROM containers c JOIN container_ports p ON p.engine_id = c.engine_id AND p.container_id = c.container_id
  WHERE c.running = 1 AND p.wildcard = 1
  GROUP BY c.engine_id, c.image_id
)
SELECT
  i.engine_id || '/images/' || i.image_id AS resource,
  CASE WHEN c.status IS NULL OR c.status <> 'ok' THEN 'skip'
    WHEN c.shell_count > 0 THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0 THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END || ': ' ||
  CASE WHEN c.status IS NULL THEN 'contents not read yet (collect reads them unless --no-image-contents)'
    WHEN c.status <> 'ok' THEN 'contents could not be read (see image_contents.error)'
    WHEN c.shell_count > 0 THEN 'shell in the image: ' || coalesce(s.list, c.shells)
      || CASE WHEN e.image_id IS NOT NULL THEN ' (a running container publishes it on every interface)' ELSE '' END
    ELSE 'no shell (/bin and /usr/bin: sh, bash, ash, dash, busybox)' END AS reason,
  CASE WHEN c.shell_count > 0 AND e.image_id IS NOT NULL THEN 'low' END AS severity,
  i.engine_id, i.image_id
FROM images i
LEFT JOIN image_contents c ON c.engine_id = i.engine_id AND c.image_id = i.image_id
LEFT JOIN shells s ON s.engine_id = i.engine_id AND s.image_id = i.image_id
LEFT JOIN exposed e ON e.engine_id = i.engine_id AND e.image_id = i.image_id
ORDER BY resource;
