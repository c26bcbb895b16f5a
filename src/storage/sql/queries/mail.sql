-- Queries of the e-mail outbox (migration 0006). Placeholders are '?'; times are Unix
-- milliseconds. Recipients and bodies live only in the sealed envelope.

-- name: insert_outbox_message
-- doc: queues one e-mail; changes nothing when the tenant already has its dedupe key
INSERT INTO outbox_message (tenant_id, id, kind, dedupe_key, envelope, status, attempts,
                            created_at, next_attempt_at, sent_at, last_error)
VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, NULL, '')
ON CONFLICT (tenant_id, dedupe_key) DO NOTHING;

-- name: select_outbox_due
-- doc: pending messages of every tenant due at a time (param now, limit), oldest due first
SELECT tenant_id, id, kind, dedupe_key, envelope, status, attempts, created_at, next_attempt_at,
       sent_at, last_error
FROM outbox_message
WHERE status = 'pending' AND next_attempt_at <= ?
ORDER BY next_attempt_at, tenant_id, id
LIMIT ?;

-- name: claim_outbox_message
-- doc: takes a message for one attempt if nobody else did since it was read (params lease_until, tenant, id, attempts read, next attempt read)
UPDATE outbox_message SET attempts = attempts + 1, next_attempt_at = ?
WHERE tenant_id = ? AND id = ? AND status = 'pending' AND attempts = ? AND next_attempt_at = ?;

-- name: update_outbox_sent
-- doc: records a delivered message
UPDATE outbox_message SET status = 'sent', sent_at = ?, last_error = ''
WHERE tenant_id = ? AND id = ?;

-- name: update_outbox_retry
-- doc: records a failed attempt to be retried at a time (params error, retry_at, tenant, id)
UPDATE outbox_message SET last_error = ?, next_attempt_at = ?
WHERE tenant_id = ? AND id = ?;

-- name: update_outbox_failed
-- doc: records a failed attempt after which the message is given up (params error, tenant, id)
UPDATE outbox_message SET status = 'failed', last_error = ?
WHERE tenant_id = ? AND id = ?;

-- name: select_outbox_by_tenant
-- doc: a tenant's messages below an id (param tenant, before id, limit), newest first
SELECT tenant_id, id, kind, dedupe_key, envelope, status, attempts, created_at, next_attempt_at,
       sent_at, last_error
FROM outbox_message
WHERE tenant_id = ? AND id < ?
ORDER BY id DESC
LIMIT ?;

-- name: count_outbox_by_status
-- doc: how many of a tenant's messages are in a status
SELECT COUNT(*) FROM outbox_message WHERE tenant_id = ? AND status = ?;
