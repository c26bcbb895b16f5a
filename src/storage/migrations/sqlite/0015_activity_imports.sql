-- 0015 provider report imports and identity mapping (SQLite). The cumulative figures last imported
-- from a provider's CSV report per client, provider and item, so that re-importing the same or an
-- overlapping report adds only the increase to learning_day (rule: docs/lrs-imports.md).
-- Tenant-owned: tenant_id comes first in the key. Times are Unix milliseconds.
CREATE TABLE activity_import_total (
  tenant_id        INTEGER NOT NULL,
  client_id        INTEGER NOT NULL,
  provider_id      INTEGER NOT NULL,              -- catalogue provider the report came from
  item             TEXT    NOT NULL,              -- '' = learner totals; else the course key
  period_start     TEXT    NOT NULL DEFAULT '',   -- YYYY-MM-DD the figures count from; '' = all time
  period_end       TEXT    NOT NULL DEFAULT '',   -- YYYY-MM-DD of the latest report imported
  seconds          INTEGER NOT NULL DEFAULT 0,
  views            INTEGER NOT NULL DEFAULT 0,
  completions      INTEGER NOT NULL DEFAULT 0,
  days_active      INTEGER NOT NULL DEFAULT 0,
  progress         INTEGER NOT NULL DEFAULT 0,         -- per mille of the item done
  started          INTEGER NOT NULL DEFAULT 0,         -- 1 once the item counted as started
  last_activity_at INTEGER NULL,
  updated_at       INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, client_id, provider_id, item)
) WITHOUT ROWID;
