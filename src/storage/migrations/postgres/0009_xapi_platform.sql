-- 0009 xAPI platform (PostgreSQL): LRS clients (Basic key/secret, OAuth 2.0 client
-- credentials), their access tokens, and the xAPI document resources (state, activity profile,
-- agent profile).
-- Secrets and tokens are stored only as hashes (SecretTokens::HashToken). Times are Unix
-- milliseconds; `scopes` holds scope names separated by spaces (ScopeName) and
-- `kind` the document kinds 'state' | 'activity_profile' | 'agent_profile': do not rename.

CREATE TABLE lrs_client (
  tenant_id    BIGINT  NOT NULL REFERENCES tenant (tenant_id),
  id           BIGINT  NOT NULL,
  name         TEXT    NOT NULL,
  client_key   TEXT    NOT NULL,
  secret_hash  TEXT    NOT NULL,
  scopes       TEXT    NOT NULL,
  provider_id  BIGINT  NOT NULL DEFAULT 0,  -- catalogue provider; 0 when none
  disabled     BOOLEAN NOT NULL DEFAULT FALSE,
  created_at   BIGINT  NOT NULL,
  last_used_at BIGINT,
  PRIMARY KEY (tenant_id, id)
);
-- The key identifies the tenant of a Basic or OAuth request, so it is unique across tenants.
CREATE UNIQUE INDEX lrs_client_by_key ON lrs_client (client_key);

CREATE TABLE lrs_access_token (
  tenant_id  BIGINT  NOT NULL,
  token_hash TEXT    NOT NULL,
  client_id  BIGINT  NOT NULL,
  scopes     TEXT    NOT NULL,
  created_at BIGINT  NOT NULL,
  expires_at BIGINT  NOT NULL,
  PRIMARY KEY (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, client_id) REFERENCES lrs_client (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX lrs_access_token_by_client ON lrs_access_token (tenant_id, client_id);

-- One document of the state, activity profile or agent profile resource. The lookup columns
-- (activity_key, agent_key, document_key) are SHA-1 hex digests of the activity IRI, the agent's
-- canonical IFI and the stateId/profileId, so the unique key stays short whatever the sender
-- sends; the original values are kept for listing. '' marks an absent part (no registration, no
-- agent for activity profiles, no activity for agent profiles). `content` is the document as text
-- (`encoding` 'utf8') or base64 of its bytes (`encoding` 'base64'); `etag` is the SHA-1 hex of
-- the bytes (xAPI 1.0.3 Communication §3.1).
CREATE TABLE xapi_document (
  tenant_id    BIGINT  NOT NULL REFERENCES tenant (tenant_id),
  id           BIGINT  NOT NULL,
  kind         TEXT    NOT NULL,
  activity_key TEXT    NOT NULL,
  agent_key    TEXT    NOT NULL,
  registration TEXT    NOT NULL,
  document_key TEXT    NOT NULL,
  activity_id  TEXT    NOT NULL,
  agent        TEXT    NOT NULL,
  document_id  TEXT    NOT NULL,
  content_type TEXT    NOT NULL,
  encoding     TEXT    NOT NULL,
  content      TEXT    NOT NULL,
  etag         TEXT    NOT NULL,
  updated_at   BIGINT  NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX xapi_document_by_key
  ON xapi_document (tenant_id, kind, activity_key, agent_key, registration, document_key);
