-- Queries of the reminder and reclaim jobs' sweep (app/ports/licence_sweep.hpp) over the programs
-- tables (migration 0005) and the learning facts (0007, 0013). Placeholders are '?'. Keyset paging
-- on (client_id, id): each page starts where the last ended, so a sweep over a million licences
-- never sorts or skips; the index licence_sweep (migrations 0017, 0018) reads one program's
-- licences in one state in that order and holds every licence column the filter tests, so the
-- inner query reads no licence row: only that index, the client's actors and their learning_last
-- rows (one range read per actor: the provider test is a residual, +s.provider_id, not two index
-- seeks); program, client and provider rows are read for the page it returns. Each filter
-- condition is a (flag, value) pair, flag 0 turning it off. Activity is the client's learning
-- through any mapped actor with the licence's provider or an unknown one (0).

-- name: select_licence_sweep_page
-- doc: a page of a program's licences in one state that meet the sweep filter, with program policy, sealed client contact and the client's last activity (params tenant, program, state, after client, after licence, expires-by flag and time, expires-after flag and time, activated-before flag and time, not-listed flag, some-activity flag, quiet-since flag and time, limit)
SELECT l.id, l.client_id, l.program_id, l.provider_id, l.issued_at, l.invite_expires_at,
       l.activated_at, l.reclaim_listed_at, p.display_name, p.nudge_after_days,
       p.min_items_per_month, p.reclaim_after_days, p.reclaim_mode, c.email_sealed,
       c.given_name_sealed, c.preferred_language, c.status, COALESCE(v.name, ''),
       due.last_at, 0
FROM (
  SELECT l.tenant_id, l.id, l.client_id, MAX(s.last_activity_at) AS last_at
  FROM licence l
  LEFT JOIN xapi_actor a ON a.tenant_id = l.tenant_id AND a.client_id = l.client_id
  LEFT JOIN learning_last s ON s.tenant_id = a.tenant_id AND s.actor_id = a.id
                           AND +s.provider_id IN (l.provider_id, 0)
  WHERE l.tenant_id = ? AND l.program_id = ? AND l.state = ? AND (l.client_id, l.id) > (?, ?)
    AND (? = 0 OR l.invite_expires_at <= ?) AND (? = 0 OR l.invite_expires_at > ?)
    AND (? = 0 OR l.activated_at < ?) AND (? = 0 OR l.reclaim_listed_at IS NULL)
  GROUP BY l.tenant_id, l.client_id, l.id
  HAVING (? = 0 OR MAX(s.last_activity_at) IS NOT NULL)
     AND (? = 0 OR MAX(s.last_activity_at) IS NULL OR MAX(s.last_activity_at) < ?)
  ORDER BY l.tenant_id, l.client_id, l.id
  LIMIT ?) due
JOIN licence l ON l.tenant_id = due.tenant_id AND l.id = due.id
JOIN program p ON p.tenant_id = l.tenant_id AND p.id = l.program_id
JOIN client c ON c.tenant_id = l.tenant_id AND c.id = l.client_id
LEFT JOIN provider v ON v.tenant_id = l.tenant_id AND v.id = l.provider_id
ORDER BY due.client_id, due.id;

-- name: select_licence_sweep_page_in_window
-- doc: select_licence_sweep_page that also counts each licence's items completed in a window of days (learning_day inside the window only) and can keep those with fewer than a minimum (params from day, to day, tenant, program, state, after client, after licence, expires-by flag and time, expires-after flag and time, activated-before flag and time, not-listed flag, some-activity flag, quiet-since flag and time, items flag and minimum, limit)
SELECT l.id, l.client_id, l.program_id, l.provider_id, l.issued_at, l.invite_expires_at,
       l.activated_at, l.reclaim_listed_at, p.display_name, p.nudge_after_days,
       p.min_items_per_month, p.reclaim_after_days, p.reclaim_mode, c.email_sealed,
       c.given_name_sealed, c.preferred_language, c.status, COALESCE(v.name, ''),
       due.last_at, due.items
FROM (
  SELECT l.tenant_id, l.id, l.client_id, MAX(s.last_activity_at) AS last_at,
         COALESCE(SUM(d.completed), 0) AS items
  FROM licence l
  LEFT JOIN xapi_actor a ON a.tenant_id = l.tenant_id AND a.client_id = l.client_id
  LEFT JOIN learning_last s ON s.tenant_id = a.tenant_id AND s.actor_id = a.id
                           AND +s.provider_id IN (l.provider_id, 0)
  LEFT JOIN learning_day d ON d.tenant_id = s.tenant_id AND d.actor_id = s.actor_id
                          AND d.provider_id = s.provider_id AND d.day >= ? AND d.day < ?
  WHERE l.tenant_id = ? AND l.program_id = ? AND l.state = ? AND (l.client_id, l.id) > (?, ?)
    AND (? = 0 OR l.invite_expires_at <= ?) AND (? = 0 OR l.invite_expires_at > ?)
    AND (? = 0 OR l.activated_at < ?) AND (? = 0 OR l.reclaim_listed_at IS NULL)
  GROUP BY l.tenant_id, l.client_id, l.id
  HAVING (? = 0 OR MAX(s.last_activity_at) IS NOT NULL)
     AND (? = 0 OR MAX(s.last_activity_at) IS NULL OR MAX(s.last_activity_at) < ?)
     AND (? = 0 OR COALESCE(SUM(d.completed), 0) < ?)
  ORDER BY l.tenant_id, l.client_id, l.id
  LIMIT ?) due
JOIN licence l ON l.tenant_id = due.tenant_id AND l.id = due.id
JOIN program p ON p.tenant_id = l.tenant_id AND p.id = l.program_id
JOIN client c ON c.tenant_id = l.tenant_id AND c.id = l.client_id
LEFT JOIN provider v ON v.tenant_id = l.tenant_id AND v.id = l.provider_id
ORDER BY due.client_id, due.id;
