-- 0003 Labour-market data and occupation search (PostgreSQL). Global reference data, not
-- tenant-owned (Citus reference tables, docs/scaling.md), so there is no tenant_id.
-- labour_wage and labour_projection are written only by `reskill import wages` /
-- `reskill import projections`, which replace one (area, year) or one projection period at a
-- time. The search documents follow the O*NET tables through triggers.

-- BLS OEWS estimates for one SOC code (detailed, or a broad group ending in 0) in one area and
-- year. Wages are US dollars, NULL where BLS publishes '*' (not available). top_coded is a bit
-- mask of the figures BLS publishes as '#' (the column then holds the cap, $239,200 a year or
-- $115 an hour): bit i = annual statistic i, bit 6 + i = hourly statistic i, with
-- i = mean 0, pct10 1, pct25 2, median 3, pct75 4, pct90 5 (domain::catalog::WageStatistic:
-- do not renumber). soc_group is domain::catalog::SocGroupName: do not rename the values.
CREATE TABLE labour_wage (
  area_code        TEXT             NOT NULL,
  soc_code         TEXT             NOT NULL,
  year             INTEGER          NOT NULL,
  area_title       TEXT             NOT NULL,
  occupation_title TEXT             NOT NULL,
  soc_group        TEXT             NOT NULL CHECK (soc_group IN ('detailed', 'broad')),
  employment       BIGINT,
  annual_mean      DOUBLE PRECISION,
  annual_pct10     DOUBLE PRECISION,
  annual_pct25     DOUBLE PRECISION,
  annual_median    DOUBLE PRECISION,
  annual_pct75     DOUBLE PRECISION,
  annual_pct90     DOUBLE PRECISION,
  hourly_mean      DOUBLE PRECISION,
  hourly_pct10     DOUBLE PRECISION,
  hourly_pct25     DOUBLE PRECISION,
  hourly_median    DOUBLE PRECISION,
  hourly_pct75     DOUBLE PRECISION,
  hourly_pct90     DOUBLE PRECISION,
  top_coded        BIGINT           NOT NULL DEFAULT 0,
  PRIMARY KEY (area_code, soc_code, year)
);
CREATE INDEX labour_wage_by_area_year ON labour_wage (area_code, year);

-- BLS Employment Projections (Table 1.2 line items) for one SOC code over one period.
-- period is domain::catalog::ProjectionPeriod::Key(), "2024-2034". Employment is in people
-- (BLS publishes thousands); median_annual_wage is NULL where BLS has none, and
-- median_wage_top_coded is true where it publishes ">=$239,200".
CREATE TABLE labour_projection (
  period                TEXT             NOT NULL,
  soc_code              TEXT             NOT NULL,
  base_year             INTEGER          NOT NULL,
  projected_year        INTEGER          NOT NULL,
  title                 TEXT             NOT NULL,
  employment_base       BIGINT           NOT NULL,
  employment_projected  BIGINT           NOT NULL,
  employment_change     BIGINT           NOT NULL,
  change_percent        DOUBLE PRECISION NOT NULL,
  annual_openings       BIGINT           NOT NULL,
  median_annual_wage    DOUBLE PRECISION,
  median_wage_top_coded BOOLEAN          NOT NULL DEFAULT FALSE,
  entry_education       TEXT             NOT NULL DEFAULT '',
  work_experience       TEXT             NOT NULL DEFAULT '',
  on_the_job_training   TEXT             NOT NULL DEFAULT '',
  PRIMARY KEY (period, soc_code)
);
CREATE INDEX labour_projection_by_soc ON labour_projection (soc_code);

-- Occupation search. Every searchable title is one document: kind 0 the occupation's title,
-- 1 an alternate title, 2 an alternate title's short form ("CNA") (app::TitleKind: do not
-- renumber). The same table as on SQLite (where an FTS5 index refers to doc_id); here GIN
-- indexes over the english text-search vector of the title, whose snowball stemmer makes plurals
-- match ("cashier" finds "Cashiers"). Queries must use the same expression to hit them.
CREATE TABLE occupation_search_doc (
  doc_id          BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occupation_code TEXT    NOT NULL,
  kind            INTEGER NOT NULL CHECK (kind IN (0, 1, 2)),
  title           TEXT    NOT NULL,
  UNIQUE (occupation_code, kind, title)
);
-- One index for occupation titles, one for alternate titles, so that the search can rank every
-- occupation title without visiting the thousands of alternate titles a common word matches.
-- fastupdate = off: the index is written only by imports, while the default pending list, which
-- every search scans until (auto)vacuum merges it, made a search after an import ten times slower.
CREATE INDEX occupation_search_doc_title_fts ON occupation_search_doc
  USING GIN (to_tsvector('english', title)) WITH (fastupdate = off) WHERE kind = 0;
CREATE INDEX occupation_search_doc_alternate_fts ON occupation_search_doc
  USING GIN (to_tsvector('english', title)) WITH (fastupdate = off) WHERE kind <> 0;

-- The O*NET tables drive the documents. The importer updates rows in place, so titles can change
-- (UPDATE), and rows come and go (INSERT, DELETE); the same title may be listed twice for an
-- occupation (with and without a short title), so a document is removed only when no row still
-- carries its text.
CREATE FUNCTION onet_occupation_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.code = NEW.code AND OLD.title = NEW.title THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM occupation_search_doc WHERE occupation_code = OLD.code AND kind = 0;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO occupation_search_doc (occupation_code, kind, title)
    VALUES (NEW.code, 0, NEW.title) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER onet_occupation_search AFTER INSERT OR DELETE OR UPDATE OF code, title
  ON onet_occupation FOR EACH ROW EXECUTE FUNCTION onet_occupation_search_sync();

CREATE FUNCTION onet_alternate_title_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM occupation_search_doc
    WHERE occupation_code = OLD.occupation_code AND kind = 1 AND title = OLD.title
      AND NOT EXISTS (SELECT 1 FROM onet_alternate_title a
                      WHERE a.occupation_code = OLD.occupation_code AND a.title = OLD.title);
    DELETE FROM occupation_search_doc
    WHERE occupation_code = OLD.occupation_code AND kind = 2 AND title = OLD.short_title
      AND NOT EXISTS (SELECT 1 FROM onet_alternate_title a
                      WHERE a.occupation_code = OLD.occupation_code
                        AND a.short_title = OLD.short_title);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO occupation_search_doc (occupation_code, kind, title)
    VALUES (NEW.occupation_code, 1, NEW.title) ON CONFLICT DO NOTHING;
    IF NEW.short_title <> '' THEN
      INSERT INTO occupation_search_doc (occupation_code, kind, title)
      VALUES (NEW.occupation_code, 2, NEW.short_title) ON CONFLICT DO NOTHING;
    END IF;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER onet_alternate_title_search AFTER INSERT OR DELETE OR UPDATE
  ON onet_alternate_title FOR EACH ROW EXECUTE FUNCTION onet_alternate_title_search_sync();

-- O*NET data imported before this migration.
INSERT INTO occupation_search_doc (occupation_code, kind, title)
SELECT code, 0, title FROM onet_occupation ON CONFLICT DO NOTHING;
INSERT INTO occupation_search_doc (occupation_code, kind, title)
SELECT occupation_code, 1, title FROM onet_alternate_title ON CONFLICT DO NOTHING;
INSERT INTO occupation_search_doc (occupation_code, kind, title)
SELECT occupation_code, 2, short_title FROM onet_alternate_title WHERE short_title <> ''
ON CONFLICT DO NOTHING;
