-- id: img-exposes-ssh
-- title: Image exposes SSH (port 22)
-- severity: low
-- section: image
-- per: image
-- cis: 5.7
-- rationale: An image that exposes 22/tcp almost always runs an SSH daemon: another login service with its own keys and passwords to manage, inside a container that docker exec already makes reachable.
-- remediation: Remove the SSH server from the image and use docker exec / podman exec for access.
SELECT
  i.engine_id || '/images/' || i.image_id AS resource,
  CASE WHEN (',' || replace(coalesce(i.exposed_ports, ''), ' ', '') || ',') LIKE '%,22/tcp,%'
      OR (',' || replace(coalesce(i.exposed_ports, ''), ' ', '') || ',') LIKE '%,22,%' THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0 THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END || ': ' ||
  CASE WHEN (',' || replace(coalesce(i.exposed_ports, ''), ' ', '') || ',') LIKE '%,22/tcp,%'
      OR (',' || replace(coalesce(i.exposed_ports, ''), ' ', '') || ',') LIKE '%,22,%' THEN 'exposes 22/tcp (SSH)'
    ELSE 'does not expose SSH' END AS reason,
  i.engine_id, i.image_id
FROM images i
ORDER BY resource;
