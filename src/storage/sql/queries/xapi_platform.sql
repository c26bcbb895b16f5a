-- Queries of the xAPI platform (migration 0009): LRS clients, their OAuth access tokens and the
-- xAPI documents (state, activity profile, agent profile). Every query but the key lookup is
-- scoped by tenant_id. Placeholders are '?'; times are Unix milliseconds; booleans are 0/1.

-- name: insert_lrs_client
-- doc: creates an LRS client (the secret only as a hash)
INSERT INTO lrs_client (tenant_id, id, name, client_key, secret_hash, scopes, provider_id, disabled,
                        created_at, last_used_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: select_lrs_client_by_key
-- doc: one LRS client by its key, in any tenant (the key identifies the tenant)
SELECT tenant_id, id, name, client_key, secret_hash, scopes, provider_id, disabled, created_at,
       last_used_at
FROM lrs_client WHERE client_key = ?;

-- name: select_lrs_client_by_id
-- doc: one LRS client by id
SELECT tenant_id, id, name, client_key, secret_hash, scopes, provider_id, disabled, created_at,
       last_used_at
FROM lrs_client WHERE tenant_id = ? AND id = ?;

-- name: select_lrs_clients
-- doc: a tenant's LRS clients, newest first
SELECT tenant_id, id, name, client_key, secret_hash, scopes, provider_id, disabled, created_at,
       last_used_at
FROM lrs_client WHERE tenant_id = ? ORDER BY id DESC;

-- name: update_lrs_client_disabled
-- doc: enables or disables an LRS client
UPDATE lrs_client SET disabled = ? WHERE tenant_id = ? AND id = ?;

-- name: touch_lrs_client
-- doc: records when an LRS client was last used
UPDATE lrs_client SET last_used_at = ? WHERE tenant_id = ? AND id = ?;

-- name: insert_lrs_access_token
-- doc: stores an OAuth access token (hash only)
INSERT INTO lrs_access_token (tenant_id, token_hash, client_id, scopes, created_at, expires_at)
VALUES (?, ?, ?, ?, ?, ?);

-- name: select_lrs_access_token
-- doc: one OAuth access token by the hash of its value
SELECT tenant_id, token_hash, client_id, scopes, created_at, expires_at
FROM lrs_access_token WHERE tenant_id = ? AND token_hash = ?;

-- name: delete_lrs_access_tokens
-- doc: removes a client's access tokens and every token of the tenant that has expired
DELETE FROM lrs_access_token WHERE tenant_id = ? AND (client_id = ? OR expires_at <= ?);

-- name: select_xapi_document
-- doc: one document by its key (hashed lookup columns; see migration 0009)
SELECT activity_id, agent, registration, document_id, content_type, encoding, content, etag,
       updated_at
FROM xapi_document
WHERE tenant_id = ? AND kind = ? AND activity_key = ? AND agent_key = ? AND registration = ?
  AND document_key = ?;

-- name: upsert_xapi_document
-- doc: stores a document, replacing the one with the same key
INSERT INTO xapi_document (tenant_id, id, kind, activity_key, agent_key, registration,
                           document_key, activity_id, agent, document_id, content_type, encoding,
                           content, etag, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (tenant_id, kind, activity_key, agent_key, registration, document_key)
DO UPDATE SET content_type = excluded.content_type, encoding = excluded.encoding,
              content = excluded.content, etag = excluded.etag, updated_at = excluded.updated_at;

-- name: delete_xapi_document
-- doc: removes one document
DELETE FROM xapi_document
WHERE tenant_id = ? AND kind = ? AND activity_key = ? AND agent_key = ? AND registration = ?
  AND document_key = ?;

-- name: select_xapi_document_ids
-- doc: ids of an activity/agent's documents updated after a time (one registration if flag is 1)
SELECT document_id FROM xapi_document
WHERE tenant_id = ? AND kind = ? AND activity_key = ? AND agent_key = ?
  AND (CAST(? AS BIGINT) = 0 OR registration = ?) AND updated_at > ?
ORDER BY document_id;

-- name: delete_xapi_documents
-- doc: removes every document of an activity/agent (of one registration when the flag is 1)
DELETE FROM xapi_document
WHERE tenant_id = ? AND kind = ? AND activity_key = ? AND agent_key = ?
  AND (CAST(? AS BIGINT) = 0 OR registration = ?);
