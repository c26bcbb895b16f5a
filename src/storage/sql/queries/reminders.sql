-- Queries of the reminder and reclaim jobs' sweep (app/ports/licence_sweep.hpp) over the programs
-- tables (migration 0005). Placeholders are '?'. Keyset paging on (client_id, id): each page
-- starts where the last ended, so a sweep over a million licences never sorts or skips.

-- name: select_licence_sweep_page
-- doc: a page of a tenant's licences in one state with program policy and sealed client contact (params tenant, state, after client, after licence, limit)
SELECT l.id, l.client_id, l.program_id, l.provider_id, l.issued_at, l.invite_expires_at,
       l.activated_at, l.reclaim_listed_at, p.display_name, p.nudge_after_days,
       p.min_items_per_month, p.reclaim_after_days, p.reclaim_mode, c.email_sealed,
       c.given_name_sealed, c.preferred_language, c.status, COALESCE(v.name, '')
FROM licence l
JOIN program p ON p.tenant_id = l.tenant_id AND p.id = l.program_id
JOIN client c ON c.tenant_id = l.tenant_id AND c.id = l.client_id
LEFT JOIN provider v ON v.tenant_id = l.tenant_id AND v.id = l.provider_id
WHERE l.tenant_id = ? AND l.state = ? AND (l.client_id, l.id) > (?, ?)
ORDER BY l.client_id, l.id
LIMIT ?;
