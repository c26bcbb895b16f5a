-- 0005 programs (PostgreSQL): programs, groups (units) and their staff, clients, the journal, the
-- consent ledger, licence pools and licences, invitations, provider handoffs, assigned learning
-- and activity plans. Tenant-owned: tenant_id comes first in every key.
-- No Social Security number is stored anywhere: the participant id is the crosswalk to the
-- agency's case system. Contact data (names, e-mail, phone) is stored only sealed with the
-- ContactCipher (*_sealed columns); email_index is its keyed blind index for equality lookups.
-- Times are Unix milliseconds. Enum columns hold domain names (LicenceStateName, ConsentMethodName,
-- JournalKindName, …): do not rename the values. Provider ids refer to the catalogue (0004).

CREATE TABLE program (
  tenant_id             BIGINT  NOT NULL REFERENCES tenant (tenant_id),
  id                    BIGINT  NOT NULL,
  name                  TEXT    NOT NULL,
  target_population     TEXT    NOT NULL DEFAULT '',
  display_name          TEXT    NOT NULL,  -- provider-facing: never reveals the population
  provider_ids          TEXT    NOT NULL DEFAULT '',  -- comma-separated catalogue provider ids
  licence_types         TEXT    NOT NULL DEFAULT '',  -- comma-separated LicenseTypeName values
  starts_at             BIGINT  NOT NULL,
  ends_at               BIGINT  NULL,
  seat_budget           BIGINT  NOT NULL DEFAULT 0 CHECK (seat_budget >= 0),
  weekly_hours          DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (weekly_hours >= 0 AND weekly_hours <= 80),
  nudge_after_days      BIGINT  NOT NULL DEFAULT 14,
  min_items_per_month   BIGINT  NOT NULL DEFAULT 1,
  reclaim_after_days    BIGINT  NOT NULL DEFAULT 90,
  reclaim_mode          TEXT    NOT NULL DEFAULT 'list' CHECK (reclaim_mode IN ('list', 'revoke')),
  invitation_valid_days BIGINT  NOT NULL DEFAULT 7,
  consent_valid_days    BIGINT  NOT NULL DEFAULT 365,
  invitation_text_en    TEXT    NOT NULL DEFAULT '',
  invitation_text_es    TEXT    NOT NULL DEFAULT '',
  intro_path_ids        TEXT    NOT NULL DEFAULT '',  -- learning paths assigned on activation
  created_at            BIGINT  NOT NULL,
  updated_at            BIGINT  NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);

CREATE TABLE client_group (
  tenant_id  BIGINT  NOT NULL,
  id         BIGINT  NOT NULL,
  program_id BIGINT  NOT NULL,
  name       TEXT    NOT NULL,
  created_at BIGINT  NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, program_id, name),
  FOREIGN KEY (tenant_id, program_id) REFERENCES program (tenant_id, id)
);

CREATE TABLE group_member (
  tenant_id BIGINT  NOT NULL,
  group_id  BIGINT  NOT NULL,
  staff_id  BIGINT  NOT NULL,
  PRIMARY KEY (tenant_id, group_id, staff_id),
  FOREIGN KEY (tenant_id, group_id) REFERENCES client_group (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff_user (tenant_id, id)
);
CREATE INDEX group_member_by_staff ON group_member (tenant_id, staff_id);

CREATE TABLE client (
  tenant_id          BIGINT  NOT NULL,
  id                 BIGINT  NOT NULL,
  participant_id     TEXT    NOT NULL,  -- pseudonymous; the only id shared with providers
  program_id         BIGINT  NOT NULL,
  group_id           BIGINT  NULL,
  counselor_id       BIGINT  NULL,
  given_name_sealed  TEXT    NOT NULL,
  family_name_sealed TEXT    NOT NULL,
  email_sealed       TEXT    NOT NULL DEFAULT '',
  email_index        TEXT    NULL,
  email_verified_at  BIGINT  NULL,
  phone_sealed       TEXT    NOT NULL DEFAULT '',
  preferred_language TEXT    NOT NULL DEFAULT 'en' CHECK (preferred_language IN ('en', 'es')),
  case_number        TEXT    NOT NULL DEFAULT '',
  status             TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'exited')),
  password_hash      TEXT    NULL,  -- set by the client on the activation page
  created_at         BIGINT  NOT NULL,
  updated_at         BIGINT  NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, participant_id),
  FOREIGN KEY (tenant_id, program_id) REFERENCES program (tenant_id, id),
  FOREIGN KEY (tenant_id, group_id) REFERENCES client_group (tenant_id, id),
  FOREIGN KEY (tenant_id, counselor_id) REFERENCES staff_user (tenant_id, id)
);
CREATE UNIQUE INDEX client_by_email_index ON client (tenant_id, email_index)
  WHERE email_index IS NOT NULL;
CREATE INDEX client_by_group ON client (tenant_id, group_id);
CREATE INDEX client_by_counselor ON client (tenant_id, counselor_id);
CREATE INDEX client_by_case_number ON client (tenant_id, case_number);

-- The journal: dated case notes, one per action on a client. Append-only.
CREATE TABLE journal_entry (
  tenant_id  BIGINT  NOT NULL,
  id         BIGINT  NOT NULL,
  client_id  BIGINT  NOT NULL,
  at         BIGINT  NOT NULL,
  kind       TEXT    NOT NULL CHECK (kind IN ('consent', 'licence', 'invitation', 'assignment',
                                              'reminder', 'reclaim', 'group', 'note', 'plan',
                                              'client')),
  text       TEXT    NOT NULL,
  actor_kind TEXT    NOT NULL,
  actor_id   TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES client (tenant_id, id)
);
CREATE INDEX journal_entry_by_client ON journal_entry (tenant_id, client_id, at);
CREATE FUNCTION journal_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'journal_entry is append-only' USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER journal_entry_no_change BEFORE UPDATE OR DELETE ON journal_entry
FOR EACH ROW EXECUTE FUNCTION journal_entry_append_only();

-- Consent to share named data with a named provider for a purpose. An e-signature request is a
-- row with request_token_hash and no given_at until the client signs through the e-mailed link.
CREATE TABLE consent (
  tenant_id          BIGINT  NOT NULL,
  id                 BIGINT  NOT NULL,
  client_id          BIGINT  NOT NULL,
  provider_id        BIGINT  NOT NULL,
  purpose            TEXT    NOT NULL,
  data_categories    TEXT    NOT NULL,  -- comma-separated, e.g. 'email,participant_id,progress'
  method             TEXT    NOT NULL CHECK (method IN ('e_signature', 'paper', 'email')),
  document_ref       TEXT    NOT NULL DEFAULT '',  -- scanned paper form reference
  request_token_hash TEXT    NULL,
  requested_at       BIGINT  NOT NULL,
  given_at           BIGINT  NULL,
  expires_at         BIGINT  NOT NULL,
  recorded_by        TEXT    NOT NULL,
  withdrawn_at       BIGINT  NULL,
  withdrawn_by       TEXT    NOT NULL DEFAULT '',
  withdrawal_channel TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES client (tenant_id, id),
  FOREIGN KEY (tenant_id, provider_id) REFERENCES provider (tenant_id, id)
);
CREATE INDEX consent_by_client ON consent (tenant_id, client_id, provider_id);
CREATE UNIQUE INDEX consent_by_token ON consent (request_token_hash)
  WHERE request_token_hash IS NOT NULL;

CREATE TABLE licence_pool (
  tenant_id    BIGINT  NOT NULL,
  id           BIGINT  NOT NULL,
  program_id   BIGINT  NOT NULL,
  provider_id  BIGINT  NOT NULL,
  licence_type TEXT    NOT NULL,
  name         TEXT    NOT NULL,
  seats        BIGINT  NOT NULL CHECK (seats >= 0),
  created_at   BIGINT  NOT NULL,
  updated_at   BIGINT  NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, program_id, provider_id, licence_type),
  FOREIGN KEY (tenant_id, program_id) REFERENCES program (tenant_id, id),
  FOREIGN KEY (tenant_id, provider_id) REFERENCES provider (tenant_id, id)
);

CREATE TABLE licence (
  tenant_id          BIGINT  NOT NULL,
  id                 BIGINT  NOT NULL,
  client_id          BIGINT  NOT NULL,
  program_id         BIGINT  NOT NULL,
  provider_id        BIGINT  NOT NULL,
  pool_id            BIGINT  NOT NULL,
  state              TEXT    NOT NULL
    CHECK (state IN ('requested', 'issued', 'activated', 'revoked', 'expired')),
  requested_at       BIGINT  NOT NULL,
  requested_by       TEXT    NOT NULL DEFAULT '',
  issued_at          BIGINT  NULL,
  issued_by          TEXT    NOT NULL DEFAULT '',
  invite_expires_at  BIGINT  NULL,  -- the current invitation's end; a lapsed one holds no seat
  activated_at       BIGINT  NULL,
  revoked_at         BIGINT  NULL,
  revoked_by         TEXT    NOT NULL DEFAULT '',
  revoke_reason      TEXT    NOT NULL DEFAULT '',
  reclaim_listed_at  BIGINT  NULL,  -- on the supervisor's reclaim list since
  updated_at         BIGINT  NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES client (tenant_id, id),
  FOREIGN KEY (tenant_id, pool_id) REFERENCES licence_pool (tenant_id, id)
);
CREATE INDEX licence_by_client ON licence (tenant_id, client_id);
CREATE INDEX licence_by_pool ON licence (tenant_id, pool_id, state);
CREATE INDEX licence_by_state ON licence (tenant_id, state);

-- Activation links: only the token's hash is stored; a token is used once.
CREATE TABLE invitation (
  tenant_id  BIGINT  NOT NULL,
  id         BIGINT  NOT NULL,
  licence_id BIGINT  NOT NULL,
  token_hash TEXT    NOT NULL,
  created_at BIGINT  NOT NULL,
  expires_at BIGINT  NOT NULL,
  used_at    BIGINT  NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, licence_id) REFERENCES licence (tenant_id, id)
);
CREATE UNIQUE INDEX invitation_by_token ON invitation (token_hash);
CREATE INDEX invitation_by_licence ON invitation (tenant_id, licence_id);

-- What was given to which provider: the participant id and (sealed) the e-mail address.
CREATE TABLE provider_handoff (
  tenant_id      BIGINT  NOT NULL,
  id             BIGINT  NOT NULL,
  licence_id     BIGINT  NOT NULL,
  client_id      BIGINT  NOT NULL,
  provider_id    BIGINT  NOT NULL,
  participant_id TEXT    NOT NULL,
  email_sealed   TEXT    NOT NULL DEFAULT '',
  at             BIGINT  NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, licence_id) REFERENCES licence (tenant_id, id)
);
CREATE INDEX provider_handoff_by_client ON provider_handoff (tenant_id, client_id);

-- Learning assigned to a client (a catalogue path or course), with a due date.
CREATE TABLE assignment (
  tenant_id   BIGINT  NOT NULL,
  id          BIGINT  NOT NULL,
  client_id   BIGINT  NOT NULL,
  target_kind TEXT    NOT NULL CHECK (target_kind IN ('path', 'course')),
  target_id   BIGINT  NOT NULL,
  due_at      BIGINT  NULL,
  source      TEXT    NOT NULL CHECK (source IN ('client', 'group', 'introductory')),
  group_id    BIGINT  NULL,
  assigned_at BIGINT  NOT NULL,
  assigned_by TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, client_id, target_kind, target_id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES client (tenant_id, id)
);

-- The program activity scheduled for a client, in intervals of up to three months.
CREATE TABLE activity_plan (
  tenant_id     BIGINT  NOT NULL,
  id            BIGINT  NOT NULL,
  client_id     BIGINT  NOT NULL,
  activity_code TEXT    NOT NULL,
  category      TEXT    NOT NULL,
  starts_at     BIGINT  NOT NULL,
  ends_at       BIGINT  NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('active', 'ended')),
  ended_at      BIGINT  NULL,
  renewed_from  BIGINT  NULL,
  created_at    BIGINT  NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES client (tenant_id, id)
);
CREATE INDEX activity_plan_by_client ON activity_plan (tenant_id, client_id);
