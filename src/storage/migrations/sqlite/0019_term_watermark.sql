-- 0019 the durable watermark of the deferred term index (docs/adr/0014-deferred-term-index.md):
-- the statement writer stores a statement's xapi_statement_term rows in a later transaction than
-- the statement itself; this row says, per tenant, the highest seq up to which every statement has
-- its terms. A server start re-derives the terms of the statements above it from their bodies.
-- A tenant without a row has no statement indexed yet (watermark 0).
CREATE TABLE xapi_term_watermark (
  tenant_id INTEGER NOT NULL PRIMARY KEY,
  seq       INTEGER NOT NULL
) WITHOUT ROWID;
-- Every statement stored before this migration got its terms in its own transaction.
INSERT INTO xapi_term_watermark (tenant_id, seq)
SELECT tenant_id, MAX(seq) FROM xapi_statement GROUP BY tenant_id;
