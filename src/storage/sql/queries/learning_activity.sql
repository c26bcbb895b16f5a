-- Queries of the learning-activity port (app/ports/learning_activity.hpp) over the LRS's learning
-- facts (migrations 0007, 0013): a client's activity is the learning_day rows of the actors mapped
-- to it; learning_last holds each actor's last activity per provider. Items are completions.
-- Placeholders are '?'.

-- name: select_learning_activity_for_clients
-- doc: per (client, provider) with any activity, for a range of client ids: the last activity ever (learning_last, one row per actor and provider) and the completions, active days and seconds in a window of days (learning_day read only inside the window) (params from day, to day, tenant, after client, up to client)
SELECT a.client_id, s.provider_id, MAX(s.last_activity_at), COALESCE(SUM(d.completed), 0),
       COUNT(DISTINCT d.day), COALESCE(SUM(d.seconds), 0)
FROM xapi_actor a
JOIN learning_last s ON s.tenant_id = a.tenant_id AND s.actor_id = a.id
LEFT JOIN learning_day d ON d.tenant_id = s.tenant_id AND d.actor_id = s.actor_id
                        AND d.provider_id = s.provider_id AND d.day >= ? AND d.day < ?
WHERE a.tenant_id = ? AND a.client_id > ? AND a.client_id <= ?
GROUP BY a.client_id, s.provider_id
ORDER BY a.client_id, s.provider_id;
