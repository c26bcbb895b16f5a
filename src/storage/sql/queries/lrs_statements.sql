-- Queries of the statement store (app/ports/statement_store.hpp) over migrations 0007, 0019 and
-- 0020: statements in seq order, the term index behind every statement query (terms named by id,
-- their texts in xapi_term), actors, activities and the learning facts derived on ingest. Every
-- query is scoped by tenant_id. Placeholders are '?'; times are Unix milliseconds; booleans are
-- 0/1. Design notes: docs/lrs.md.

-- name: select_statement_by_uuid
-- doc: one statement by its id (voided or not)
SELECT seq, statement_id, body, voided, is_voiding, actor_id, provider_id, lrs_client_id, stored,
       timestamp
FROM xapi_statement WHERE tenant_id = ? AND statement_id = ?;

-- name: select_statement_by_seq
-- doc: one statement by its seq (voided or not)
SELECT seq, statement_id, body, voided, is_voiding, actor_id, provider_id, lrs_client_id, stored,
       timestamp
FROM xapi_statement WHERE tenant_id = ? AND seq = ?;

-- name: select_max_statement_seq
-- doc: the highest seq stored (SQLite: seq is the rowid, global to every tenant; the tenant parameter only keeps the signature)
SELECT COALESCE(MAX(seq), 0) FROM xapi_statement WHERE CAST(? AS INTEGER) IS NOT NULL;

-- name: select_max_statement_seq
-- dialect: postgres
-- doc: the highest seq stored for the tenant (PostgreSQL: the key is tenant_id, seq)
SELECT COALESCE(MAX(seq), 0) FROM xapi_statement WHERE tenant_id = ?;

-- name: select_xapi_actor_id
-- doc: the id of an actor by its identifier
SELECT id, name FROM xapi_actor WHERE tenant_id = ? AND ifi = ?;

-- name: insert_xapi_actor
-- doc: a new actor (an existing identifier is left alone)
INSERT INTO xapi_actor (tenant_id, id, ifi, object_type, name, client_id, first_seen_at)
VALUES (?, ?, ?, ?, ?, NULL, ?)
ON CONFLICT (tenant_id, ifi) DO NOTHING;

-- name: update_xapi_actor_name
-- doc: the name last seen with an actor's identifier
UPDATE xapi_actor SET name = ? WHERE tenant_id = ? AND id = ?;

-- name: select_xapi_activity_definition
-- doc: the stored definition of an activity
SELECT definition FROM xapi_activity WHERE tenant_id = ? AND activity_iri = ?;

-- name: upsert_xapi_activity
-- doc: stores an activity's (merged) definition
INSERT INTO xapi_activity (tenant_id, id, activity_iri, definition, updated_at)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT (tenant_id, activity_iri) DO UPDATE
SET definition = excluded.definition, updated_at = excluded.updated_at;

-- name: insert_xapi_statement
-- doc: appends a statement
INSERT INTO xapi_statement (seq, tenant_id, statement_id, stored, timestamp, actor_id, verb_iri,
                            ref_target, is_voiding, voided, lrs_client_id, provider_id,
                            has_attachments, body)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: insert_xapi_statement_term
-- doc: one entry of the query index (params tenant, term id, seq, direct)
INSERT INTO xapi_statement_term (tenant_id, term_id, seq, direct) VALUES (?, ?, ?, ?);

-- name: insert_xapi_statement_term_if_absent
-- doc: one entry of the query index written by the deferred index (a flush or a recovery at start), unchanged when present; the adapter repeats the VALUES tuple on PostgreSQL
INSERT INTO xapi_statement_term (tenant_id, term_id, seq, direct) VALUES (?, ?, ?, ?)
ON CONFLICT (tenant_id, term_id, seq) DO NOTHING;

-- name: select_xapi_term_id
-- doc: the id of a term of the query index in the term dictionary (migration 0020)
SELECT id FROM xapi_term WHERE tenant_id = ? AND term = ?;

-- name: select_max_xapi_term_id
-- doc: the highest term id of the tenant, 0 when it has none (new ids continue above it)
SELECT COALESCE(MAX(id), 0) FROM xapi_term WHERE tenant_id = ?;

-- name: insert_xapi_term
-- doc: a new term of the dictionary with its id (params tenant, id, term); the adapter repeats the VALUES tuple on PostgreSQL
INSERT INTO xapi_term (tenant_id, id, term) VALUES (?, ?, ?);

-- name: select_term_watermark
-- doc: the highest seq up to which every statement of the tenant has its index terms (migration 0019); no row: 0
SELECT seq FROM xapi_term_watermark WHERE tenant_id = ?;

-- name: select_term_index_complete
-- doc: 1 when the tenant's term watermark is at or above its highest seq (every statement has its terms), else 0 (params tenant twice)
SELECT CASE WHEN COALESCE((SELECT w.seq FROM xapi_term_watermark w WHERE w.tenant_id = ?), 0)
                 >= COALESCE((SELECT MAX(s.seq) FROM xapi_statement s WHERE s.tenant_id = ?), 0)
            THEN 1 ELSE 0 END;

-- name: advance_term_watermark
-- doc: raises the tenant's term watermark to a seq (never lowers it)
INSERT INTO xapi_term_watermark (tenant_id, seq) VALUES (?, ?)
ON CONFLICT (tenant_id) DO UPDATE
SET seq = CASE WHEN excluded.seq > xapi_term_watermark.seq THEN excluded.seq
               ELSE xapi_term_watermark.seq END;

-- name: select_statement_tenants
-- doc: the tenants that have statements, one index probe each (a loose index scan of xapi_statement_by_tenant / the primary key written as a recursive query; PostgreSQL wiki "Loose indexscan")
WITH RECURSIVE t (tenant_id) AS (
  SELECT MIN(tenant_id) FROM xapi_statement
  UNION ALL
  SELECT (SELECT MIN(s.tenant_id) FROM xapi_statement s WHERE s.tenant_id > t.tenant_id)
  FROM t WHERE t.tenant_id IS NOT NULL
)
SELECT tenant_id FROM t WHERE tenant_id IS NOT NULL;

-- name: select_statements_after_seq
-- doc: the tenant's statements above a seq in seq order, voided or not (recovery of the deferred term index and learning facts; params tenant, after seq, limit)
SELECT seq, statement_id, body, ref_target, actor_id, provider_id, timestamp, is_voiding
FROM xapi_statement
WHERE tenant_id = ? AND seq > ?
ORDER BY seq LIMIT ?;

-- name: copy_xapi_statement_term
-- doc: gives a statement one term of the statement its StatementRef targets, if that one has it (Communication 2.1.3): the dictionary row, then one probe of the index key; params new seq, target seq, tenant, term
INSERT INTO xapi_statement_term (tenant_id, term_id, seq, direct)
SELECT x.tenant_id, x.term_id, CAST(? AS BIGINT), x.direct
FROM xapi_term t
JOIN xapi_statement_term x ON x.tenant_id = t.tenant_id AND x.term_id = t.id AND x.seq = ?
WHERE t.tenant_id = ? AND t.term = ?
ON CONFLICT (tenant_id, term_id, seq) DO UPDATE
SET direct = CASE WHEN excluded.direct = 1 THEN 1 ELSE xapi_statement_term.direct END;

-- name: copy_xapi_statement_terms_scan
-- doc: gives a statement all the terms of its StatementRef's target by reading the tenant's whole index (seq is not a prefix of its key): only for a target whose terms cannot be derived from its body; params new seq, tenant, target seq
INSERT INTO xapi_statement_term (tenant_id, term_id, seq, direct)
SELECT tenant_id, term_id, CAST(? AS BIGINT), direct FROM xapi_statement_term
WHERE tenant_id = ? AND seq = ?
ON CONFLICT (tenant_id, term_id, seq) DO UPDATE
SET direct = CASE WHEN excluded.direct = 1 THEN 1 ELSE xapi_statement_term.direct END;

-- name: update_xapi_statement_voided
-- doc: marks a statement voided
UPDATE xapi_statement SET voided = 1 WHERE tenant_id = ? AND seq = ?;

-- name: select_statements_referencing
-- doc: the statements whose StatementRef object names a statement id, voiding or not (the partial index xapi_statement_by_ref: StatementRef statements only)
SELECT seq, is_voiding FROM xapi_statement
WHERE tenant_id = ? AND ref_target = ?
ORDER BY seq;

-- name: upsert_learning_day
-- doc: adds one increment to a learning_day row (created when absent); the adapter repeats the VALUES tuple for several rows of distinct keys
INSERT INTO learning_day (tenant_id, actor_id, provider_id, day, source, seconds, started,
                          progressed, completed, passed, first_activity_at, last_activity_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (tenant_id, actor_id, provider_id, day, source) DO UPDATE
SET seconds = learning_day.seconds + excluded.seconds,
    started = learning_day.started + excluded.started,
    progressed = learning_day.progressed + excluded.progressed,
    completed = learning_day.completed + excluded.completed,
    passed = learning_day.passed + excluded.passed,
    first_activity_at = CASE WHEN excluded.first_activity_at < learning_day.first_activity_at
                             THEN excluded.first_activity_at ELSE learning_day.first_activity_at END,
    last_activity_at = CASE WHEN excluded.last_activity_at > learning_day.last_activity_at
                            THEN excluded.last_activity_at ELSE learning_day.last_activity_at END;

-- name: select_statements_desc
-- doc: a page of the tenant's statements (voided ones only when asked: the staff viewer), newest first (params tenant, after seq, before seq, include-voided flag, client filter twice, limit)
SELECT s.seq, s.body, s.voided, s.actor_id FROM xapi_statement s
WHERE s.tenant_id = ? AND s.seq > ? AND s.seq < ? AND (s.voided = 0 OR CAST(? AS BIGINT) = 1)
  AND (CAST(? AS BIGINT) = 0 OR s.lrs_client_id = ?)
ORDER BY s.seq DESC LIMIT ?;

-- name: select_statements_asc
-- doc: a page of the tenant's statements (voided ones only when asked), oldest first (params as select_statements_desc)
SELECT s.seq, s.body, s.voided, s.actor_id FROM xapi_statement s
WHERE s.tenant_id = ? AND s.seq > ? AND s.seq < ? AND (s.voided = 0 OR CAST(? AS BIGINT) = 1)
  AND (CAST(? AS BIGINT) = 0 OR s.lrs_client_id = ?)
ORDER BY s.seq ASC LIMIT ?;

-- name: select_statements_by_term_desc
-- doc: a page of statements driven by one term of the index, newest first, with up to three more terms that must match; terms are texts, looked up in xapi_term once per query (a term not there matches nothing) (params tenant, tenant, term, any-direct flag, after, before, include-voided flag, client twice, then per extra term: term, tenant, term, any-direct flag; then limit)
SELECT s.seq, s.body, s.voided, s.actor_id FROM xapi_statement_term t
JOIN xapi_statement s ON s.tenant_id = t.tenant_id AND s.seq = t.seq
WHERE t.tenant_id = ?
  AND t.term_id = (SELECT d.id FROM xapi_term d WHERE d.tenant_id = ? AND d.term = ?)
  AND (t.direct = 1 OR CAST(? AS BIGINT) = 1)
  AND t.seq > ? AND t.seq < ? AND (s.voided = 0 OR CAST(? AS BIGINT) = 1)
  AND (CAST(? AS BIGINT) = 0 OR s.lrs_client_id = ?)
  AND (CAST(? AS TEXT) = '' OR EXISTS (SELECT 1 FROM xapi_statement_term u
       WHERE u.tenant_id = t.tenant_id
         AND u.term_id = (SELECT d.id FROM xapi_term d WHERE d.tenant_id = ? AND d.term = ?)
         AND u.seq = t.seq
         AND (u.direct = 1 OR CAST(? AS BIGINT) = 1)))
  AND (CAST(? AS TEXT) = '' OR EXISTS (SELECT 1 FROM xapi_statement_term u
       WHERE u.tenant_id = t.tenant_id
         AND u.term_id = (SELECT d.id FROM xapi_term d WHERE d.tenant_id = ? AND d.term = ?)
         AND u.seq = t.seq
         AND (u.direct = 1 OR CAST(? AS BIGINT) = 1)))
  AND (CAST(? AS TEXT) = '' OR EXISTS (SELECT 1 FROM xapi_statement_term u
       WHERE u.tenant_id = t.tenant_id
         AND u.term_id = (SELECT d.id FROM xapi_term d WHERE d.tenant_id = ? AND d.term = ?)
         AND u.seq = t.seq
         AND (u.direct = 1 OR CAST(? AS BIGINT) = 1)))
ORDER BY t.seq DESC LIMIT ?;

-- name: select_statements_by_term_asc
-- doc: as select_statements_by_term_desc, oldest first
SELECT s.seq, s.body, s.voided, s.actor_id FROM xapi_statement_term t
JOIN xapi_statement s ON s.tenant_id = t.tenant_id AND s.seq = t.seq
WHERE t.tenant_id = ?
  AND t.term_id = (SELECT d.id FROM xapi_term d WHERE d.tenant_id = ? AND d.term = ?)
  AND (t.direct = 1 OR CAST(? AS BIGINT) = 1)
  AND t.seq > ? AND t.seq < ? AND (s.voided = 0 OR CAST(? AS BIGINT) = 1)
  AND (CAST(? AS BIGINT) = 0 OR s.lrs_client_id = ?)
  AND (CAST(? AS TEXT) = '' OR EXISTS (SELECT 1 FROM xapi_statement_term u
       WHERE u.tenant_id = t.tenant_id
         AND u.term_id = (SELECT d.id FROM xapi_term d WHERE d.tenant_id = ? AND d.term = ?)
         AND u.seq = t.seq
         AND (u.direct = 1 OR CAST(? AS BIGINT) = 1)))
  AND (CAST(? AS TEXT) = '' OR EXISTS (SELECT 1 FROM xapi_statement_term u
       WHERE u.tenant_id = t.tenant_id
         AND u.term_id = (SELECT d.id FROM xapi_term d WHERE d.tenant_id = ? AND d.term = ?)
         AND u.seq = t.seq
         AND (u.direct = 1 OR CAST(? AS BIGINT) = 1)))
  AND (CAST(? AS TEXT) = '' OR EXISTS (SELECT 1 FROM xapi_statement_term u
       WHERE u.tenant_id = t.tenant_id
         AND u.term_id = (SELECT d.id FROM xapi_term d WHERE d.tenant_id = ? AND d.term = ?)
         AND u.seq = t.seq
         AND (u.direct = 1 OR CAST(? AS BIGINT) = 1)))
ORDER BY t.seq ASC LIMIT ?;

-- name: insert_xapi_attachment
-- doc: stores an attachment body (base64) once per SHA-256
INSERT INTO xapi_attachment (tenant_id, sha2, content_type, content) VALUES (?, ?, ?, ?)
ON CONFLICT (tenant_id, sha2) DO NOTHING;

-- name: select_xapi_attachment
-- doc: an attachment body by its SHA-256
SELECT content_type, content FROM xapi_attachment WHERE tenant_id = ? AND sha2 = ?;
