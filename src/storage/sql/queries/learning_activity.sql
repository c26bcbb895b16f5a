-- Queries of the learning-activity port (app/ports/learning_activity.hpp) over the LRS's learning
-- facts (migration 0007): a client's activity is the learning_day rows of the actors mapped to
-- it. Items are completions. Placeholders are '?'.

-- name: select_learning_activity_for_clients
-- doc: per (client, provider) with any activity, for a range of client ids: the last activity ever and the completions, active days and seconds in a window of days (params from day, to day three times, then tenant, after client, up to client)
SELECT a.client_id, d.provider_id, MAX(d.last_activity_at),
       SUM(CASE WHEN d.day >= ? AND d.day < ? THEN d.completed ELSE 0 END),
       COUNT(DISTINCT CASE WHEN d.day >= ? AND d.day < ? THEN d.day END),
       SUM(CASE WHEN d.day >= ? AND d.day < ? THEN d.seconds ELSE 0 END)
FROM xapi_actor a
JOIN learning_day d ON d.tenant_id = a.tenant_id AND d.actor_id = a.id
WHERE a.tenant_id = ? AND a.client_id > ? AND a.client_id <= ?
GROUP BY a.client_id, d.provider_id
ORDER BY a.client_id, d.provider_id;
