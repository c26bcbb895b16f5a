-- 0001 foundation (SQLite): agencies, staff, sessions, API tokens, the audit log.
-- Times are Unix milliseconds (INTEGER). Tenant-owned tables put tenant_id first in the key.

CREATE TABLE tenant (
  tenant_id  INTEGER NOT NULL PRIMARY KEY,
  slug       TEXT    NOT NULL UNIQUE,
  name       TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE staff_user (
  tenant_id              INTEGER NOT NULL REFERENCES tenant (tenant_id),
  id                     INTEGER NOT NULL,
  email                  TEXT    NOT NULL,
  display_name           TEXT    NOT NULL,
  roles                  TEXT    NOT NULL,
  locale                 TEXT    NOT NULL DEFAULT '',
  password_hash          TEXT    NOT NULL,
  disabled               INTEGER NOT NULL DEFAULT 0,
  failed_sign_ins        INTEGER NOT NULL DEFAULT 0,
  last_failed_sign_in_at INTEGER,
  locked_until           INTEGER,
  created_at             INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email)
) WITHOUT ROWID;

CREATE TABLE staff_session (
  tenant_id    INTEGER NOT NULL,
  token_hash   TEXT    NOT NULL,
  staff_id     INTEGER NOT NULL,
  csrf_token   TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff_user (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX staff_session_by_staff ON staff_session (tenant_id, staff_id);

CREATE TABLE api_token (
  tenant_id    INTEGER NOT NULL,
  id           INTEGER NOT NULL,
  staff_id     INTEGER NOT NULL,
  name         TEXT    NOT NULL,
  token_hash   TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER,
  revoked_at   INTEGER,
  last_used_at INTEGER,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff_user (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX api_token_by_staff ON api_token (tenant_id, staff_id);

CREATE TABLE audit_event (
  tenant_id   INTEGER NOT NULL,
  id          INTEGER NOT NULL,
  at          INTEGER NOT NULL,
  actor_kind  TEXT    NOT NULL,
  actor_id    TEXT    NOT NULL,
  action      TEXT    NOT NULL,
  target_type TEXT    NOT NULL,
  target_id   TEXT    NOT NULL,
  request_id  TEXT    NOT NULL,
  outcome     TEXT    NOT NULL,
  detail      TEXT    NOT NULL,
  PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX audit_event_by_target ON audit_event (tenant_id, target_type, target_id);

-- The audit log is append-only.
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;
