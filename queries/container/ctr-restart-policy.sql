-- id: ctr-restart-policy
-- title: Unbounded restart policy
-- severity: low
-- section: container
-- per: container
-- cis: 5.15
-- rationale: restart=always (and on-failure without a limit) restarts a crashing or exploited container forever, hiding the problem and amplifying a denial of service. CIS 5.15 asks for on-failure with at most 5 retries; unless-stopped is unbounded too and is listed for review.
-- remediation: Recreate with --restart=on-failure:5 (or run under an orchestrator with back-off).
SELECT
  c.engine_id || '/containers/' || c.name AS resource,
  CASE lower(coalesce(c.restart_policy, ''))
    WHEN 'always' THEN 'alarm'
    WHEN 'on-failure' THEN CASE WHEN coalesce(c.restart_max_retries, 0) BETWEEN 1 AND 5 THEN 'ok' ELSE 'alarm' END
    WHEN 'unless-stopped' THEN 'info'
    ELSE 'ok' END AS status,
  CASE lower(coalesce(c.restart_policy, ''))
    WHEN 'always' THEN 'restart policy always: restarts without limit, even in a crash loop'
    WHEN 'on-failure' THEN CASE
      WHEN coalesce(c.restart_max_retries, 0) = 0 THEN 'restart policy on-failure without a retry limit'
      WHEN c.restart_max_retries > 5 THEN 'restart policy on-failure:' || c.restart_max_retries || ', more than 5 retries'
      ELSE 'restart policy on-failure:' || c.restart_max_retries END
    WHEN 'unless-stopped' THEN 'restart policy unless-stopped: restarts without limit; review'
    ELSE 'no restart policy' END AS reason,
  c.engine_id, c.container_id
FROM containers c
WHERE c.running = 1
ORDER BY resource;
