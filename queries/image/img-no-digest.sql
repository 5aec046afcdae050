-- id: img-no-digest
-- title: Image has no registry digest (provenance unverifiable)
-- severity: low
-- section: image
-- per: image
-- cis: 4.2
-- rationale: An image without a repository digest was built or loaded locally rather than pulled from a registry, so nothing ties it to a reviewed, signed or scanned artifact.
-- remediation: Build in CI, push to a trusted registry, and pull by digest on the host (docker pull name@sha256:...); sign images (cosign, notation) and enforce the signatures.
SELECT
  i.engine_id || '/images/' || i.image_id AS resource,
  CASE WHEN coalesce(i.repo_digests, '') = '' AND NOT EXISTS (
      SELECT 1 FROM image_tags t WHERE t.engine_id = i.engine_id AND t.image_id = i.image_id AND t.kind = 'digest')
    THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN coalesce(i.repo_tags, '') = '' THEN '<untagged>' WHEN instr(i.repo_tags, ',') > 0 THEN substr(i.repo_tags, 1, instr(i.repo_tags, ',') - 1) ELSE i.repo_tags END || ': ' ||
  CASE WHEN coalesce(i.repo_digests, '') = '' AND NOT EXISTS (
      SELECT 1 FROM image_tags t WHERE t.engine_id = i.engine_id AND t.image_id = i.image_id AND t.kind = 'digest')
    THEN 'no repository digest: built or loaded locally'
    ELSE 'pulled from a registry (has a repository digest)' END AS reason,
  i.engine_id, i.image_id
FROM images i
ORDER BY resource;
