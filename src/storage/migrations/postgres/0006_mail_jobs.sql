-- 0006 mail and jobs (PostgreSQL): the e-mail outbox and the ledger of scheduled job runs.
-- Tenant-owned: tenant_id comes first in every key. Times are Unix milliseconds.

-- One row per queued e-mail. Recipient, subject and bodies are contact data: they live only in
-- `envelope`, sealed with the ContactCipher (app/ports/outbox.hpp); kind and dedupe_key are never
-- personal. status: 'pending' | 'sent' | 'failed' (stored values: do not rename).
CREATE TABLE outbox_message (
  tenant_id       BIGINT  NOT NULL,
  id              BIGINT  NOT NULL,
  kind            TEXT    NOT NULL,
  dedupe_key      TEXT    NOT NULL,
  envelope        TEXT    NOT NULL,
  status          TEXT    NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        BIGINT  NOT NULL DEFAULT 0,
  created_at      BIGINT  NOT NULL,
  next_attempt_at BIGINT  NOT NULL,  -- also the claim: a sender pushes it forward before sending
  sent_at         BIGINT  NULL,
  last_error      TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, dedupe_key)
);
-- The delivery job's scan: pending messages by due time, across tenants.
CREATE INDEX outbox_message_due ON outbox_message (next_attempt_at) WHERE status = 'pending';

-- One row per (job, period) a tenant has run: 'running' until every item is done. The lease keeps
-- two schedulers (two servers on one PostgreSQL) from working on one run at once; correctness
-- does not depend on it, the per-item ledger does.
-- status: 'running' | 'done' | 'failed' (stored values: do not rename).
CREATE TABLE job_run (
  tenant_id   BIGINT  NOT NULL,
  job         TEXT    NOT NULL,
  period      TEXT    NOT NULL,
  status      TEXT    NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  started_at  BIGINT  NOT NULL,
  finished_at BIGINT  NULL,
  items       BIGINT  NOT NULL DEFAULT 0,  -- items acted on so far (ledger rows)
  attempts    BIGINT  NOT NULL DEFAULT 1,  -- how many times the run was started
  lease_until BIGINT  NOT NULL,            -- a runner holds the run until then (renewed per batch)
  last_error  TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, job, period)
);

-- The per-item ledger: written in the same transaction as the item's effect (an e-mail queued,
-- a licence put on the reclaim list), so a rerun or a restart after a crash skips exactly the
-- items already done. item is the id of the thing acted on (e.g. a licence id).
CREATE TABLE job_item (
  tenant_id BIGINT  NOT NULL,
  job       TEXT    NOT NULL,
  period    TEXT    NOT NULL,
  item      BIGINT  NOT NULL,
  outcome   TEXT    NOT NULL,  -- what was done, e.g. 'queued', 'listed', 'revoked'
  done_at   BIGINT  NOT NULL,
  PRIMARY KEY (tenant_id, job, period, item)
);
