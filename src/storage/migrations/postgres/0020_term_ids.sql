-- 0020 integer term ids in the query index (docs/adr/0017-integer-term-ids.md): the text of a term
-- ("a|IFI", "v|IRI", "o|IRI", "r|UUID") is stored once per tenant in xapi_term, and every
-- xapi_statement_term row names it by id, so the index keys are three integers instead of a
-- 40-50 byte text: shorter rows, more of them per page, integer compares on every seek.
-- Ids are per tenant, assigned by the statement writer (the highest id + 1); never reused or
-- deleted. The existing index is converted here, in SQL.
CREATE TABLE xapi_term (
  tenant_id BIGINT NOT NULL,
  id        BIGINT NOT NULL,
  term      TEXT   NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, term)
);

INSERT INTO xapi_term (tenant_id, id, term)
SELECT tenant_id, ROW_NUMBER() OVER (PARTITION BY tenant_id ORDER BY term), term
FROM (SELECT DISTINCT tenant_id, term FROM xapi_statement_term) AS distinct_terms;

-- Filled before its primary key is built (one sort instead of an index insert per row).
CREATE TABLE xapi_statement_term_by_id (
  tenant_id BIGINT NOT NULL,
  term_id   BIGINT NOT NULL,  -- xapi_term.id
  seq       BIGINT NOT NULL,
  direct    BIGINT NOT NULL
);

INSERT INTO xapi_statement_term_by_id (tenant_id, term_id, seq, direct)
SELECT t.tenant_id, d.id, t.seq, t.direct
FROM xapi_statement_term t
JOIN xapi_term d ON d.tenant_id = t.tenant_id AND d.term = t.term;

DROP TABLE xapi_statement_term;
ALTER TABLE xapi_statement_term_by_id RENAME TO xapi_statement_term;
ALTER TABLE xapi_statement_term ADD CONSTRAINT xapi_statement_term_pkey
  PRIMARY KEY (tenant_id, term_id, seq);
