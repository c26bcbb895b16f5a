-- 0007 learning record store (SQLite): xAPI statements, the actors and activities found in them,
-- the term index behind every statement query, stored attachments, and the learning facts derived
-- on ingest. Tenant-owned: tenant_id comes first in every key. Times are Unix milliseconds.
-- Design notes: docs/lrs.md.

-- One row per distinct agent or identified group (canonical inverse functional identifier).
-- ifi: "mbox:mailto:a@b", "mbox_sha1sum:HEX", "openid:URI", "account:HOMEPAGE|NAME".
CREATE TABLE xapi_actor (
  tenant_id     INTEGER NOT NULL,
  id            INTEGER NOT NULL,
  ifi           TEXT    NOT NULL,
  object_type   TEXT    NOT NULL DEFAULT 'Agent',  -- 'Agent' | 'Group' (wire names: do not rename)
  name          TEXT    NOT NULL DEFAULT '',       -- the last name seen with this identifier
  client_id     INTEGER NULL,                      -- set when mapped to a client (programs)
  first_seen_at INTEGER NOT NULL,
  mapped_at     INTEGER NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, ifi)
) WITHOUT ROWID;
CREATE INDEX xapi_actor_by_client ON xapi_actor (tenant_id, client_id);

-- One row per activity id, with the definition merged from the statements that carried it.
CREATE TABLE xapi_activity (
  tenant_id    INTEGER NOT NULL,
  id           INTEGER NOT NULL,
  activity_iri TEXT    NOT NULL,
  definition   TEXT    NOT NULL DEFAULT '{}',  -- JSON object
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, activity_iri)
) WITHOUT ROWID;

-- Statements in stored order. seq is a time-ordered key assigned by the single writer
-- (stored = seq >> 22), so inserts append to the B-tree; the UUID is a unique secondary key.
-- body is the statement JSON as the LRS returns it (id, timestamp, stored, authority, version set).
CREATE TABLE xapi_statement (
  seq            INTEGER PRIMARY KEY,  -- rowid alias: appends, never splits
  tenant_id      INTEGER NOT NULL,
  statement_id   TEXT    NOT NULL,     -- lowercase UUID
  stored         INTEGER NOT NULL,
  timestamp      INTEGER NOT NULL,
  actor_id       INTEGER NOT NULL,     -- xapi_actor.id; 0 for an anonymous group
  verb_iri       TEXT    NOT NULL,
  ref_target     TEXT    NULL,         -- object StatementRef id (lowercase), also for voiding
  is_voiding     INTEGER NOT NULL DEFAULT 0,
  voided         INTEGER NOT NULL DEFAULT 0,
  lrs_client_id  INTEGER NOT NULL DEFAULT 0,
  provider_id    INTEGER NOT NULL DEFAULT 0,
  has_attachments INTEGER NOT NULL DEFAULT 0,
  body           TEXT    NOT NULL
);
CREATE UNIQUE INDEX xapi_statement_by_uuid ON xapi_statement (tenant_id, statement_id);
CREATE INDEX xapi_statement_by_tenant ON xapi_statement (tenant_id, seq);
CREATE INDEX xapi_statement_by_ref ON xapi_statement (tenant_id, ref_target)
  WHERE ref_target IS NOT NULL;

-- The query index: one row per (statement, term). Terms: "a|IFI" agents, "v|IRI" verb,
-- "o|IRI" activities, "r|UUID" registration. direct = 1 where the plain filter (agent, activity)
-- matches; 0 where only related_agents / related_activities do. A statement whose object is a
-- StatementRef also carries the terms of its target (xAPI Communication 2.1.3, filter conditions
-- for StatementRefs).
CREATE TABLE xapi_statement_term (
  tenant_id INTEGER NOT NULL,
  term      TEXT    NOT NULL,
  seq       INTEGER NOT NULL,
  direct    INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, term, seq)
) WITHOUT ROWID;

-- Attachment contents, shared by every statement that names the same SHA-256.
CREATE TABLE xapi_attachment (
  tenant_id    INTEGER NOT NULL,
  sha2         TEXT    NOT NULL,
  content_type TEXT    NOT NULL,
  content      TEXT    NOT NULL,  -- base64
  PRIMARY KEY (tenant_id, sha2)
) WITHOUT ROWID;

-- Learning facts per actor, provider, UTC day and source, updated incrementally on ingest.
-- A client's activity is the rows of the actors mapped to it (xapi_actor.client_id).
CREATE TABLE learning_day (
  tenant_id         INTEGER NOT NULL,
  actor_id          INTEGER NOT NULL,
  provider_id       INTEGER NOT NULL,  -- 0 = unknown
  day               TEXT    NOT NULL,  -- YYYY-MM-DD (UTC)
  seconds           INTEGER NOT NULL DEFAULT 0,
  started           INTEGER NOT NULL DEFAULT 0,
  progressed        INTEGER NOT NULL DEFAULT 0,
  completed         INTEGER NOT NULL DEFAULT 0,
  passed            INTEGER NOT NULL DEFAULT 0,
  first_activity_at INTEGER NOT NULL,
  last_activity_at  INTEGER NOT NULL,
  source            TEXT    NOT NULL CHECK (source IN ('measured', 'estimated', 'self_reported')),
  PRIMARY KEY (tenant_id, actor_id, provider_id, day, source)
) WITHOUT ROWID;
