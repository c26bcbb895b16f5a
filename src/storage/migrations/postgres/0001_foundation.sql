-- 0001 foundation (PostgreSQL): agencies, staff, sessions, API tokens, the audit log.
-- Times are Unix milliseconds (BIGINT). Tenant-owned tables put tenant_id first in the key,
-- the distribution column when sharded by tenant (docs/scaling.md).

CREATE TABLE tenant (
  tenant_id  BIGINT NOT NULL PRIMARY KEY,
  slug       TEXT   NOT NULL UNIQUE,
  name       TEXT   NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE staff_user (
  tenant_id              BIGINT  NOT NULL REFERENCES tenant (tenant_id),
  id                     BIGINT  NOT NULL,
  email                  TEXT    NOT NULL,
  display_name           TEXT    NOT NULL,
  roles                  TEXT    NOT NULL,
  locale                 TEXT    NOT NULL DEFAULT '',
  password_hash          TEXT    NOT NULL,
  disabled               BOOLEAN NOT NULL DEFAULT FALSE,
  failed_sign_ins        INTEGER NOT NULL DEFAULT 0,
  last_failed_sign_in_at BIGINT,
  locked_until           BIGINT,
  created_at             BIGINT  NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email)
);

CREATE TABLE staff_session (
  tenant_id    BIGINT NOT NULL,
  token_hash   TEXT   NOT NULL,
  staff_id     BIGINT NOT NULL,
  csrf_token   TEXT   NOT NULL,
  created_at   BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff_user (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX staff_session_by_staff ON staff_session (tenant_id, staff_id);

CREATE TABLE api_token (
  tenant_id    BIGINT NOT NULL,
  id           BIGINT NOT NULL,
  staff_id     BIGINT NOT NULL,
  name         TEXT   NOT NULL,
  token_hash   TEXT   NOT NULL,
  created_at   BIGINT NOT NULL,
  expires_at   BIGINT,
  revoked_at   BIGINT,
  last_used_at BIGINT,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff_user (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX api_token_by_staff ON api_token (tenant_id, staff_id);

CREATE TABLE audit_event (
  tenant_id   BIGINT NOT NULL,
  id          BIGINT NOT NULL,
  at          BIGINT NOT NULL,
  actor_kind  TEXT   NOT NULL,
  actor_id    TEXT   NOT NULL,
  action      TEXT   NOT NULL,
  target_type TEXT   NOT NULL,
  target_id   TEXT   NOT NULL,
  request_id  TEXT   NOT NULL,
  outcome     TEXT   NOT NULL,
  detail      TEXT   NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_event_by_target ON audit_event (tenant_id, target_type, target_id);

-- The audit log is append-only.
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
