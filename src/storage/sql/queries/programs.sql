-- Queries of programs, groups, clients, the journal, consent, licence pools, licences,
-- invitations, provider handoffs, assignments and activity plans (migration 0005). Every query is
-- scoped by tenant_id except the token lookups (the token hash is unique across agencies).
-- Placeholders are '?'; times are Unix milliseconds. Optional filters are written
-- "(CAST(? AS BIGINT) = 0 OR col = ?)" / "(CAST(? AS TEXT) = '' OR col = ?)".

-- name: insert_program
-- doc: creates a program
INSERT INTO program (tenant_id, id, name, target_population, display_name, provider_ids,
                     licence_types, starts_at, ends_at, seat_budget, weekly_hours,
                     nudge_after_days, min_items_per_month, reclaim_after_days, reclaim_mode,
                     invitation_valid_days, consent_valid_days, invitation_text_en,
                     invitation_text_es, intro_path_ids, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: update_program
-- doc: replaces the mutable columns of a program
UPDATE program SET name = ?, target_population = ?, display_name = ?, provider_ids = ?,
                   licence_types = ?, starts_at = ?, ends_at = ?, seat_budget = ?,
                   weekly_hours = ?, nudge_after_days = ?, min_items_per_month = ?,
                   reclaim_after_days = ?, reclaim_mode = ?, invitation_valid_days = ?,
                   consent_valid_days = ?, invitation_text_en = ?, invitation_text_es = ?,
                   intro_path_ids = ?, updated_at = ?
WHERE tenant_id = ? AND id = ?;

-- name: select_program_by_id
-- doc: one program of a tenant
SELECT tenant_id, id, name, target_population, display_name, provider_ids, licence_types,
       starts_at, ends_at, seat_budget, weekly_hours, nudge_after_days, min_items_per_month,
       reclaim_after_days, reclaim_mode, invitation_valid_days, consent_valid_days,
       invitation_text_en, invitation_text_es, intro_path_ids, created_at, updated_at
FROM program WHERE tenant_id = ? AND id = ?;

-- name: select_programs
-- doc: every program of a tenant, by name
SELECT tenant_id, id, name, target_population, display_name, provider_ids, licence_types,
       starts_at, ends_at, seat_budget, weekly_hours, nudge_after_days, min_items_per_month,
       reclaim_after_days, reclaim_mode, invitation_valid_days, consent_valid_days,
       invitation_text_en, invitation_text_es, intro_path_ids, created_at, updated_at
FROM program WHERE tenant_id = ? ORDER BY lower(name), id;

-- name: insert_group
-- doc: creates a group (unit) of a program
INSERT INTO client_group (tenant_id, id, program_id, name, created_at) VALUES (?, ?, ?, ?, ?);

-- name: update_group
-- doc: renames a group
UPDATE client_group SET name = ? WHERE tenant_id = ? AND id = ?;

-- name: select_group_by_id
-- doc: one group of a tenant
SELECT tenant_id, id, program_id, name, created_at FROM client_group
WHERE tenant_id = ? AND id = ?;

-- name: select_groups
-- doc: the groups of a tenant, of one program (0: any), by name
SELECT tenant_id, id, program_id, name, created_at FROM client_group
WHERE tenant_id = ? AND (CAST(? AS BIGINT) = 0 OR program_id = ?)
ORDER BY lower(name), id;

-- name: select_group_members
-- doc: the staff members of a group
SELECT staff_id FROM group_member WHERE tenant_id = ? AND group_id = ? ORDER BY staff_id;

-- name: delete_group_members
-- doc: removes every member of a group (before writing the new list)
DELETE FROM group_member WHERE tenant_id = ? AND group_id = ?;

-- name: insert_group_member
-- doc: adds a staff member to a group
INSERT INTO group_member (tenant_id, group_id, staff_id) VALUES (?, ?, ?);

-- name: select_groups_of_staff
-- doc: the groups a staff member belongs to
SELECT group_id FROM group_member WHERE tenant_id = ? AND staff_id = ? ORDER BY group_id;

-- name: insert_client
-- doc: creates a client (contact columns hold sealed texts)
INSERT INTO client (tenant_id, id, participant_id, program_id, group_id, counselor_id,
                    given_name_sealed, family_name_sealed, email_sealed, email_index,
                    email_verified_at, phone_sealed, preferred_language, case_number, status,
                    password_hash, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: update_client
-- doc: replaces the mutable columns of a client
UPDATE client SET program_id = ?, group_id = ?, counselor_id = ?, given_name_sealed = ?,
                  family_name_sealed = ?, email_sealed = ?, email_index = ?,
                  email_verified_at = ?, phone_sealed = ?, preferred_language = ?,
                  case_number = ?, status = ?, password_hash = ?, updated_at = ?
WHERE tenant_id = ? AND id = ?;

-- name: select_client_by_id
-- doc: one client of a tenant
SELECT tenant_id, id, participant_id, program_id, group_id, counselor_id, given_name_sealed,
       family_name_sealed, email_sealed, email_index, email_verified_at, phone_sealed,
       preferred_language, case_number, status, password_hash, created_at, updated_at
FROM client WHERE tenant_id = ? AND id = ?;

-- name: select_client_by_email_index
-- doc: the client of a tenant with this e-mail blind index
SELECT tenant_id, id, participant_id, program_id, group_id, counselor_id, given_name_sealed,
       family_name_sealed, email_sealed, email_index, email_verified_at, phone_sealed,
       preferred_language, case_number, status, password_hash, created_at, updated_at
FROM client WHERE tenant_id = ? AND email_index = ?;

-- name: select_client_by_participant_id
-- doc: the client of a tenant with this participant id
SELECT tenant_id, id, participant_id, program_id, group_id, counselor_id, given_name_sealed,
       family_name_sealed, email_sealed, email_index, email_verified_at, phone_sealed,
       preferred_language, case_number, status, password_hash, created_at, updated_at
FROM client WHERE tenant_id = ? AND participant_id = ?;

-- name: select_clients
-- doc: a page of a tenant's clients, newest first, filtered by program, group, counselor, status, number and caseload (0/'': any)
SELECT c.tenant_id, c.id, c.participant_id, c.program_id, c.group_id, c.counselor_id,
       c.given_name_sealed, c.family_name_sealed, c.email_sealed, c.email_index,
       c.email_verified_at, c.phone_sealed, c.preferred_language, c.case_number, c.status,
       c.password_hash, c.created_at, c.updated_at
FROM client c
WHERE c.tenant_id = ?
  AND (CAST(? AS BIGINT) = 0 OR c.program_id = ?)
  AND (CAST(? AS BIGINT) = 0 OR c.group_id = ?)
  AND (CAST(? AS BIGINT) = 0 OR c.counselor_id = ?)
  AND (CAST(? AS TEXT) = '' OR c.status = ?)
  AND (CAST(? AS TEXT) = '' OR c.case_number = ? OR c.participant_id = ?)
  AND (CAST(? AS BIGINT) = 0 OR c.counselor_id = ? OR c.group_id IN (
        SELECT m.group_id FROM group_member m WHERE m.tenant_id = c.tenant_id AND m.staff_id = ?))
ORDER BY c.id DESC
LIMIT ? OFFSET ?;

-- name: insert_journal_entry
-- doc: appends a journal entry
INSERT INTO journal_entry (tenant_id, id, client_id, at, kind, text, actor_kind, actor_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: select_journal
-- doc: a client's journal, oldest first
SELECT tenant_id, id, client_id, at, kind, text, actor_kind, actor_id FROM journal_entry
WHERE tenant_id = ? AND client_id = ? ORDER BY at, id;

-- name: insert_consent
-- doc: records a consent (or an e-signature request)
INSERT INTO consent (tenant_id, id, client_id, provider_id, purpose, data_categories, method,
                     document_ref, request_token_hash, requested_at, given_at, expires_at,
                     recorded_by, withdrawn_at, withdrawn_by, withdrawal_channel)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: update_consent
-- doc: records signature or withdrawal of a consent
UPDATE consent SET request_token_hash = ?, given_at = ?, expires_at = ?, withdrawn_at = ?,
                   withdrawn_by = ?, withdrawal_channel = ?
WHERE tenant_id = ? AND id = ?;

-- name: select_consent_by_id
-- doc: one consent of a tenant
SELECT tenant_id, id, client_id, provider_id, purpose, data_categories, method, document_ref,
       request_token_hash, requested_at, given_at, expires_at, recorded_by, withdrawn_at,
       withdrawn_by, withdrawal_channel
FROM consent WHERE tenant_id = ? AND id = ?;

-- name: select_consent_by_token
-- doc: the pending e-signature request with this token hash (any tenant)
SELECT tenant_id, id, client_id, provider_id, purpose, data_categories, method, document_ref,
       request_token_hash, requested_at, given_at, expires_at, recorded_by, withdrawn_at,
       withdrawn_by, withdrawal_channel
FROM consent WHERE request_token_hash = ?;

-- name: select_consents_of_client
-- doc: a client's consents, newest first
SELECT tenant_id, id, client_id, provider_id, purpose, data_categories, method, document_ref,
       request_token_hash, requested_at, given_at, expires_at, recorded_by, withdrawn_at,
       withdrawn_by, withdrawal_channel
FROM consent WHERE tenant_id = ? AND client_id = ? ORDER BY requested_at DESC, id DESC;

-- name: insert_pool
-- doc: creates a licence pool
INSERT INTO licence_pool (tenant_id, id, program_id, provider_id, licence_type, name, seats,
                          created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: update_pool
-- doc: renames a pool or changes its seat count
UPDATE licence_pool SET name = ?, seats = ?, updated_at = ? WHERE tenant_id = ? AND id = ?;

-- name: select_pool_by_id
-- doc: one pool of a tenant
SELECT tenant_id, id, program_id, provider_id, licence_type, name, seats, created_at, updated_at
FROM licence_pool WHERE tenant_id = ? AND id = ?;

-- name: select_pool_for_update
-- doc: one pool of a tenant (SQLite: the write transaction already holds the database lock)
SELECT tenant_id, id, program_id, provider_id, licence_type, name, seats, created_at, updated_at
FROM licence_pool WHERE tenant_id = ? AND id = ?;

-- name: select_pool_for_update
-- dialect: postgres
-- doc: one pool of a tenant, locked until the transaction ends so seat checks do not race
SELECT tenant_id, id, program_id, provider_id, licence_type, name, seats, created_at, updated_at
FROM licence_pool WHERE tenant_id = ? AND id = ? FOR UPDATE;

-- name: select_pools
-- doc: every pool of a tenant, by name
SELECT tenant_id, id, program_id, provider_id, licence_type, name, seats, created_at, updated_at
FROM licence_pool WHERE tenant_id = ? ORDER BY lower(name), id;

-- name: select_pool_usage
-- doc: outstanding invitations, activated licences and waiting requests of a pool at a time
SELECT
  COALESCE(SUM(CASE WHEN state = 'issued' AND invite_expires_at > ? THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN state = 'activated' THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN state = 'requested' THEN 1 ELSE 0 END), 0)
FROM licence WHERE tenant_id = ? AND pool_id = ?;

-- name: insert_licence
-- doc: creates a licence (a request)
INSERT INTO licence (tenant_id, id, client_id, program_id, provider_id, pool_id, state,
                     requested_at, requested_by, issued_at, issued_by, invite_expires_at,
                     activated_at, revoked_at, revoked_by, revoke_reason, reclaim_listed_at,
                     updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: update_licence
-- doc: replaces the mutable columns of a licence
UPDATE licence SET state = ?, issued_at = ?, issued_by = ?, invite_expires_at = ?,
                   activated_at = ?, revoked_at = ?, revoked_by = ?, revoke_reason = ?,
                   reclaim_listed_at = ?, updated_at = ?
WHERE tenant_id = ? AND id = ?;

-- name: select_licence_by_id
-- doc: one licence of a tenant
SELECT tenant_id, id, client_id, program_id, provider_id, pool_id, state, requested_at,
       requested_by, issued_at, issued_by, invite_expires_at, activated_at, revoked_at,
       revoked_by, revoke_reason, reclaim_listed_at, updated_at
FROM licence WHERE tenant_id = ? AND id = ?;

-- name: select_licences
-- doc: a page of a tenant's licences, newest request first, filtered by client, pool, program, state, reclaim list and expired invitation (expired, or issued and lapsed) (0/'': any)
SELECT tenant_id, id, client_id, program_id, provider_id, pool_id, state, requested_at,
       requested_by, issued_at, issued_by, invite_expires_at, activated_at, revoked_at,
       revoked_by, revoke_reason, reclaim_listed_at, updated_at
FROM licence
WHERE tenant_id = ?
  AND (CAST(? AS BIGINT) = 0 OR client_id = ?)
  AND (CAST(? AS BIGINT) = 0 OR pool_id = ?)
  AND (CAST(? AS BIGINT) = 0 OR program_id = ?)
  AND (CAST(? AS TEXT) = '' OR state = ?)
  AND (CAST(? AS BIGINT) = 0 OR reclaim_listed_at IS NOT NULL)
  AND (CAST(? AS BIGINT) = 0 OR state = 'expired' OR (state = 'issued' AND invite_expires_at <= ?))
ORDER BY requested_at DESC, id DESC
LIMIT ? OFFSET ?;

-- name: insert_invitation
-- doc: stores an activation link's token hash
INSERT INTO invitation (tenant_id, id, licence_id, token_hash, created_at, expires_at, used_at)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: select_invitation_by_token
-- doc: the invitation with this token hash (any tenant)
SELECT tenant_id, id, licence_id, token_hash, created_at, expires_at, used_at
FROM invitation WHERE token_hash = ?;

-- name: use_invitation
-- doc: marks an unused invitation used (single use: no row changes when already used)
UPDATE invitation SET used_at = ? WHERE tenant_id = ? AND id = ? AND used_at IS NULL;

-- name: insert_handoff
-- doc: records what was given to a provider
INSERT INTO provider_handoff (tenant_id, id, licence_id, client_id, provider_id, participant_id,
                              email_sealed, at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: select_handoffs_of_client
-- doc: a client's provider handoffs, oldest first
SELECT tenant_id, id, licence_id, client_id, provider_id, participant_id, email_sealed, at
FROM provider_handoff WHERE tenant_id = ? AND client_id = ? ORDER BY at, id;

-- name: insert_assignment
-- doc: assigns a path or course to a client
INSERT INTO assignment (tenant_id, id, client_id, target_kind, target_id, due_at, source,
                        group_id, assigned_at, assigned_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: select_assignments_of_client
-- doc: a client's assignments, oldest first
SELECT tenant_id, id, client_id, target_kind, target_id, due_at, source, group_id, assigned_at,
       assigned_by
FROM assignment WHERE tenant_id = ? AND client_id = ? ORDER BY assigned_at, id;

-- name: insert_plan
-- doc: schedules an activity for a client
INSERT INTO activity_plan (tenant_id, id, client_id, activity_code, category, starts_at, ends_at,
                           status, ended_at, renewed_from, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: update_plan
-- doc: ends an activity plan
UPDATE activity_plan SET status = ?, ended_at = ?, ends_at = ? WHERE tenant_id = ? AND id = ?;

-- name: select_plan_by_id
-- doc: one activity plan of a tenant
SELECT tenant_id, id, client_id, activity_code, category, starts_at, ends_at, status, ended_at,
       renewed_from, created_at
FROM activity_plan WHERE tenant_id = ? AND id = ?;

-- name: select_plans_of_client
-- doc: a client's activity plans, by start
SELECT tenant_id, id, client_id, activity_code, category, starts_at, ends_at, status, ended_at,
       renewed_from, created_at
FROM activity_plan WHERE tenant_id = ? AND client_id = ? ORDER BY starts_at, id;
