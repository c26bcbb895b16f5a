-- Queries of clients' career profiles (migration 0008). Placeholders are '?'; times are Unix
-- milliseconds.

-- name: select_career_profile
-- doc: one client's career profile
SELECT tenant_id, client_id, document, current_code, updated_at, updated_by
FROM client_career_profile WHERE tenant_id = ? AND client_id = ?;

-- name: upsert_career_profile
-- doc: stores a client's career profile, replacing the one before
INSERT INTO client_career_profile (tenant_id, client_id, document, current_code, updated_at,
                                   updated_by)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (tenant_id, client_id) DO UPDATE SET
  document = excluded.document, current_code = excluded.current_code,
  updated_at = excluded.updated_at, updated_by = excluded.updated_by;
