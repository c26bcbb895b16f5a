-- Queries of the foundation: tenants, staff, sessions, API tokens, audit log, migrations.
-- Placeholders are '?'; times are Unix milliseconds; booleans are 0/1.

-- name: select_one
-- doc: liveness probe used by /readyz
SELECT 1;

-- name: select_migration
-- doc: whether a migration version has been applied
SELECT version FROM schema_migration WHERE version = ?;

-- name: insert_migration
-- doc: records an applied migration
INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, ?);

-- name: insert_tenant
-- doc: creates an agency
INSERT INTO tenant (tenant_id, slug, name, created_at) VALUES (?, ?, ?, ?);

-- name: select_tenant_by_slug
-- doc: one agency by slug
SELECT tenant_id, slug, name, created_at FROM tenant WHERE slug = ?;

-- name: select_tenant_by_id
-- doc: one agency by id
SELECT tenant_id, slug, name, created_at FROM tenant WHERE tenant_id = ?;

-- name: select_tenants
-- doc: every agency, by slug
SELECT tenant_id, slug, name, created_at FROM tenant ORDER BY slug;

-- name: insert_staff_user
-- doc: creates a staff user
INSERT INTO staff_user (tenant_id, id, email, display_name, roles, locale, password_hash, disabled,
                        failed_sign_ins, last_failed_sign_in_at, locked_until, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: update_staff_user
-- doc: replaces the mutable columns of a staff user
UPDATE staff_user SET display_name = ?, roles = ?, locale = ?, password_hash = ?, disabled = ?,
                      failed_sign_ins = ?, last_failed_sign_in_at = ?, locked_until = ?
WHERE tenant_id = ? AND id = ?;

-- name: select_staff_user_by_id
-- doc: one staff user of a tenant by id
SELECT tenant_id, id, email, display_name, roles, locale, password_hash, disabled, failed_sign_ins,
       last_failed_sign_in_at, locked_until, created_at
FROM staff_user WHERE tenant_id = ? AND id = ?;

-- name: select_staff_user_for_update
-- doc: one staff user, locked for the rest of the write transaction (SQLite: the write transaction already excludes other writers)
SELECT tenant_id, id, email, display_name, roles, locale, password_hash, disabled, failed_sign_ins,
       last_failed_sign_in_at, locked_until, created_at
FROM staff_user WHERE tenant_id = ? AND id = ?;

-- name: select_staff_user_for_update
-- dialect: postgres
-- doc: one staff user, locked with FOR UPDATE until the transaction ends
SELECT tenant_id, id, email, display_name, roles, locale, password_hash, disabled, failed_sign_ins,
       last_failed_sign_in_at, locked_until, created_at
FROM staff_user WHERE tenant_id = ? AND id = ? FOR UPDATE;

-- name: select_staff_user_by_email
-- doc: one staff user of a tenant by normalised e-mail
SELECT tenant_id, id, email, display_name, roles, locale, password_hash, disabled, failed_sign_ins,
       last_failed_sign_in_at, locked_until, created_at
FROM staff_user WHERE tenant_id = ? AND email = ?;

-- name: select_staff_users
-- doc: every staff user of a tenant, by e-mail
SELECT tenant_id, id, email, display_name, roles, locale, password_hash, disabled, failed_sign_ins,
       last_failed_sign_in_at, locked_until, created_at
FROM staff_user WHERE tenant_id = ? ORDER BY email;

-- name: select_enabled_staff_roles
-- doc: the role lists of a tenant's enabled staff (counted in C++, where roles are parsed)
SELECT roles FROM staff_user WHERE tenant_id = ? AND NOT disabled;

-- name: insert_session
-- doc: opens a browser session
INSERT INTO staff_session (tenant_id, token_hash, staff_id, csrf_token, created_at, last_seen_at, expires_at)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: select_session_view
-- doc: a session with its user and tenant, in one read (runs on every authenticated request)
SELECT s.token_hash, s.staff_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at,
       u.tenant_id, u.id, u.email, u.display_name, u.roles, u.locale, u.password_hash, u.disabled,
       u.failed_sign_ins, u.last_failed_sign_in_at, u.locked_until, u.created_at,
       t.slug, t.name, t.created_at
FROM staff_session s
JOIN staff_user u ON u.tenant_id = s.tenant_id AND u.id = s.staff_id
JOIN tenant t ON t.tenant_id = s.tenant_id
WHERE s.tenant_id = ? AND s.token_hash = ?;

-- name: touch_session
-- doc: refreshes a session's idle timer
UPDATE staff_session SET last_seen_at = ? WHERE tenant_id = ? AND token_hash = ?;

-- name: delete_session
-- doc: ends one session
DELETE FROM staff_session WHERE tenant_id = ? AND token_hash = ?;

-- name: delete_sessions_by_staff
-- doc: ends every session of a staff user
DELETE FROM staff_session WHERE tenant_id = ? AND staff_id = ?;

-- name: insert_api_token
-- doc: creates an API token (hash only)
INSERT INTO api_token (tenant_id, id, staff_id, name, token_hash, created_at, expires_at, revoked_at, last_used_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: select_api_token_by_hash
-- doc: one API token by the hash of its secret
SELECT tenant_id, id, staff_id, name, token_hash, created_at, expires_at, revoked_at, last_used_at
FROM api_token WHERE tenant_id = ? AND token_hash = ?;

-- name: select_api_token_by_id
-- doc: one API token by id
SELECT tenant_id, id, staff_id, name, token_hash, created_at, expires_at, revoked_at, last_used_at
FROM api_token WHERE tenant_id = ? AND id = ?;

-- name: select_api_tokens_by_staff
-- doc: a staff user's API tokens, newest first
SELECT tenant_id, id, staff_id, name, token_hash, created_at, expires_at, revoked_at, last_used_at
FROM api_token WHERE tenant_id = ? AND staff_id = ? ORDER BY id DESC;

-- name: revoke_api_token
-- doc: revokes an API token
UPDATE api_token SET revoked_at = ? WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL;

-- name: touch_api_token
-- doc: records when an API token was last used
UPDATE api_token SET last_used_at = ? WHERE tenant_id = ? AND id = ?;

-- name: insert_audit_event
-- doc: appends to the audit log
INSERT INTO audit_event (tenant_id, id, at, actor_kind, actor_id, action, target_type, target_id,
                         request_id, outcome, detail)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: select_audit_events
-- doc: a page of a tenant's audit log, newest first, with optional filters ('' matches all)
SELECT tenant_id, id, at, actor_kind, actor_id, action, target_type, target_id, request_id, outcome, detail
FROM audit_event
WHERE tenant_id = ?
  AND (CAST(? AS TEXT) = '' OR substr(action, 1, length(CAST(? AS TEXT))) = CAST(? AS TEXT))
  AND (CAST(? AS TEXT) = '' OR actor_id = CAST(? AS TEXT))
  AND (CAST(? AS TEXT) = '' OR target_type = CAST(? AS TEXT))
  AND (CAST(? AS TEXT) = '' OR target_id = CAST(? AS TEXT))
  AND id < ?
ORDER BY id DESC
LIMIT ?;
