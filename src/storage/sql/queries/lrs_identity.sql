-- Queries of the identity mapping (app/ports/lrs_identity.hpp) over xapi_actor (0007) and of the
-- provider report imports (app/ports/activity_imports.hpp) over activity_import_total (0015) and
-- learning_day (0007). Placeholders are '?'.

-- name: select_unmapped_actors
-- doc: a page of a tenant's unmapped agents after an actor id, by id (params tenant, after id, limit)
SELECT tenant_id, id, ifi, object_type, name, client_id, first_seen_at, mapped_at
FROM xapi_actor
WHERE tenant_id = ? AND client_id IS NULL AND object_type = 'Agent' AND id > ?
ORDER BY id
LIMIT ?;

-- name: count_unmapped_actors
-- doc: how many agents of a tenant are not mapped to a client
SELECT COUNT(*) FROM xapi_actor
WHERE tenant_id = ? AND client_id IS NULL AND object_type = 'Agent';

-- name: select_unmapped_actor_candidates
-- doc: a tenant's unmapped agents whose lower-cased ifi equals a value or matches a LIKE pattern (candidates for one client)
SELECT tenant_id, id, ifi, object_type, name, client_id, first_seen_at, mapped_at
FROM xapi_actor
WHERE tenant_id = ? AND client_id IS NULL AND object_type = 'Agent'
  AND (LOWER(ifi) = ? OR LOWER(ifi) LIKE ?)
ORDER BY id;

-- name: select_actor_by_id
-- doc: one actor of a tenant by id
SELECT tenant_id, id, ifi, object_type, name, client_id, first_seen_at, mapped_at
FROM xapi_actor WHERE tenant_id = ? AND id = ?;

-- name: select_actor_by_ifi
-- doc: one actor of a tenant by canonical identifier
SELECT tenant_id, id, ifi, object_type, name, client_id, first_seen_at, mapped_at
FROM xapi_actor WHERE tenant_id = ? AND ifi = ?;

-- name: select_actors_by_client
-- doc: the actors mapped to a client, by id (index xapi_actor_by_client)
SELECT tenant_id, id, ifi, object_type, name, client_id, first_seen_at, mapped_at
FROM xapi_actor WHERE tenant_id = ? AND client_id = ? ORDER BY id;

-- name: select_actors_by_account_name
-- doc: a tenant's account actors whose lower-cased ifi matches a LIKE pattern 'account:%|name' (backslash escapes), by id (params tenant, pattern, limit)
SELECT tenant_id, id, ifi, object_type, name, client_id, first_seen_at, mapped_at
FROM xapi_actor
WHERE tenant_id = ? AND ifi >= 'account:' AND ifi < 'account;' AND LOWER(ifi) LIKE ? ESCAPE '\'
ORDER BY id
LIMIT ?;

-- name: insert_actor
-- doc: a new actor
INSERT INTO xapi_actor (tenant_id, id, ifi, object_type, name, client_id, first_seen_at, mapped_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: update_actor_client
-- doc: maps an actor that is still unmapped to a client (params client, mapped at, tenant, actor)
UPDATE xapi_actor SET client_id = ?, mapped_at = ?
WHERE tenant_id = ? AND id = ? AND client_id IS NULL;

-- name: select_import_totals
-- doc: the figures last imported for a client, provider and item
SELECT tenant_id, client_id, provider_id, item, period_start, period_end, seconds, views,
       completions, days_active, progress, started, last_activity_at, updated_at
FROM activity_import_total
WHERE tenant_id = ? AND client_id = ? AND provider_id = ? AND item = ?;

-- name: upsert_import_totals
-- doc: inserts or replaces the figures last imported for a client, provider and item
INSERT INTO activity_import_total (tenant_id, client_id, provider_id, item, period_start,
    period_end, seconds, views, completions, days_active, progress, started, last_activity_at,
    updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (tenant_id, client_id, provider_id, item) DO UPDATE SET
  period_start = excluded.period_start, period_end = excluded.period_end,
  seconds = excluded.seconds, views = excluded.views, completions = excluded.completions,
  days_active = excluded.days_active, progress = excluded.progress, started = excluded.started,
  last_activity_at = excluded.last_activity_at, updated_at = excluded.updated_at;

-- name: add_learning_day
-- doc: adds counts and time to a learning_day row, creating it when absent (first/last activity kept as min/max)
INSERT INTO learning_day (tenant_id, actor_id, provider_id, day, source, seconds, started,
    progressed, completed, passed, first_activity_at, last_activity_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (tenant_id, actor_id, provider_id, day, source) DO UPDATE SET
  seconds = learning_day.seconds + excluded.seconds,
  started = learning_day.started + excluded.started,
  progressed = learning_day.progressed + excluded.progressed,
  completed = learning_day.completed + excluded.completed,
  passed = learning_day.passed + excluded.passed,
  first_activity_at = MIN(learning_day.first_activity_at, excluded.first_activity_at),
  last_activity_at = MAX(learning_day.last_activity_at, excluded.last_activity_at);

-- name: add_learning_day
-- dialect: postgres
-- doc: adds counts and time to a learning_day row, creating it when absent (first/last activity kept as min/max)
INSERT INTO learning_day (tenant_id, actor_id, provider_id, day, source, seconds, started,
    progressed, completed, passed, first_activity_at, last_activity_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (tenant_id, actor_id, provider_id, day, source) DO UPDATE SET
  seconds = learning_day.seconds + excluded.seconds,
  started = learning_day.started + excluded.started,
  progressed = learning_day.progressed + excluded.progressed,
  completed = learning_day.completed + excluded.completed,
  passed = learning_day.passed + excluded.passed,
  first_activity_at = LEAST(learning_day.first_activity_at, excluded.first_activity_at),
  last_activity_at = GREATEST(learning_day.last_activity_at, excluded.last_activity_at);

-- name: select_client_learning_days
-- doc: a client's learning days per day, provider and source over every actor mapped to it, newest first (params tenant, client, limit)
SELECT d.day, d.provider_id, COALESCE(MAX(p.name), ''), d.source, SUM(d.seconds), SUM(d.started),
       SUM(d.progressed), SUM(d.completed), SUM(d.passed), MAX(d.last_activity_at)
FROM xapi_actor a
JOIN learning_day d ON d.tenant_id = a.tenant_id AND d.actor_id = a.id
LEFT JOIN provider p ON p.tenant_id = d.tenant_id AND p.id = d.provider_id
WHERE a.tenant_id = ? AND a.client_id = ?
GROUP BY d.day, d.provider_id, d.source
ORDER BY d.day DESC, d.provider_id, d.source
LIMIT ?;
