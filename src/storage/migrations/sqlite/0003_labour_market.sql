-- 0003 Labour-market data and occupation search (SQLite). Global reference data, not
-- tenant-owned, so there is no tenant_id. labour_wage and labour_projection are written only by
-- `reskill import wages` / `reskill import projections`, which replace one (area, year) or one
-- projection period at a time. The search index follows the O*NET tables through triggers.

-- BLS OEWS estimates for one SOC code (detailed, or a broad group ending in 0) in one area and
-- year. Wages are US dollars, NULL where BLS publishes '*' (not available). top_coded is a bit
-- mask of the figures BLS publishes as '#' (the column then holds the cap, $239,200 a year or
-- $115 an hour): bit i = annual statistic i, bit 6 + i = hourly statistic i, with
-- i = mean 0, pct10 1, pct25 2, median 3, pct75 4, pct90 5 (domain::catalog::WageStatistic:
-- do not renumber). soc_group is domain::catalog::SocGroupName: do not rename the values.
CREATE TABLE labour_wage (
  area_code        TEXT    NOT NULL,
  soc_code         TEXT    NOT NULL,
  year             INTEGER NOT NULL,
  area_title       TEXT    NOT NULL,
  occupation_title TEXT    NOT NULL,
  soc_group        TEXT    NOT NULL CHECK (soc_group IN ('detailed', 'broad')),
  employment       INTEGER,
  annual_mean      REAL,
  annual_pct10     REAL,
  annual_pct25     REAL,
  annual_median    REAL,
  annual_pct75     REAL,
  annual_pct90     REAL,
  hourly_mean      REAL,
  hourly_pct10     REAL,
  hourly_pct25     REAL,
  hourly_median    REAL,
  hourly_pct75     REAL,
  hourly_pct90     REAL,
  top_coded        INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (area_code, soc_code, year)
) WITHOUT ROWID;
CREATE INDEX labour_wage_by_area_year ON labour_wage (area_code, year);

-- BLS Employment Projections (Table 1.2 line items) for one SOC code over one period.
-- period is domain::catalog::ProjectionPeriod::Key(), "2024-2034". Employment is in people
-- (BLS publishes thousands); median_annual_wage is NULL where BLS has none, and
-- median_wage_top_coded is 1 where it publishes ">=$239,200".
CREATE TABLE labour_projection (
  period                TEXT    NOT NULL,
  soc_code              TEXT    NOT NULL,
  base_year             INTEGER NOT NULL,
  projected_year        INTEGER NOT NULL,
  title                 TEXT    NOT NULL,
  employment_base       INTEGER NOT NULL,
  employment_projected  INTEGER NOT NULL,
  employment_change     INTEGER NOT NULL,
  change_percent        REAL    NOT NULL,
  annual_openings       INTEGER NOT NULL,
  median_annual_wage    REAL,
  median_wage_top_coded INTEGER NOT NULL DEFAULT 0,
  entry_education       TEXT    NOT NULL DEFAULT '',
  work_experience       TEXT    NOT NULL DEFAULT '',
  on_the_job_training   TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (period, soc_code)
) WITHOUT ROWID;
CREATE INDEX labour_projection_by_soc ON labour_projection (soc_code);

-- Occupation search. Every searchable title is one document: kind 0 the occupation's title,
-- 1 an alternate title, 2 an alternate title's short form ("CNA") (app::TitleKind: do not
-- renumber). doc_id is an INTEGER PRIMARY KEY, so unlike the implicit rowid of onet_occupation
-- and onet_alternate_title it survives VACUUM ("VACUUM may change the ROWIDs of entries in any
-- tables that do not have an explicit INTEGER PRIMARY KEY", sqlite.org/lang_vacuum.html), and
-- the contentless FTS5 index below can refer to it.
CREATE TABLE occupation_search_doc (
  doc_id          INTEGER NOT NULL PRIMARY KEY,
  occupation_code TEXT    NOT NULL,
  kind            INTEGER NOT NULL CHECK (kind IN (0, 1, 2)),
  title           TEXT    NOT NULL,
  UNIQUE (occupation_code, kind, title)
);

-- Two columns so that bm25() can weight occupation titles above alternate titles; a document
-- fills one of them. Porter stemming makes plurals match ("cashier" finds "Cashiers").
-- Contentless (content=''): the text lives in occupation_search_doc; a delete must repeat the
-- indexed values, which the trigger below does (sqlite.org/fts5.html §4.4.3).
CREATE VIRTUAL TABLE occupation_search_fts USING fts5(
  title, alternate, content = '', tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER occupation_search_doc_ai AFTER INSERT ON occupation_search_doc BEGIN
  INSERT INTO occupation_search_fts (rowid, title, alternate)
  VALUES (new.doc_id, CASE WHEN new.kind = 0 THEN new.title END,
          CASE WHEN new.kind <> 0 THEN new.title END);
END;

CREATE TRIGGER occupation_search_doc_ad AFTER DELETE ON occupation_search_doc BEGIN
  INSERT INTO occupation_search_fts (occupation_search_fts, rowid, title, alternate)
  VALUES ('delete', old.doc_id, CASE WHEN old.kind = 0 THEN old.title END,
          CASE WHEN old.kind <> 0 THEN old.title END);
END;

-- The O*NET tables drive the documents. The importer updates rows in place, so titles can change
-- (UPDATE), and rows come and go (INSERT, DELETE); the same title may be listed twice for an
-- occupation (with and without a short title), so a document is removed only when no row still
-- carries its text.
CREATE TRIGGER onet_occupation_search_ai AFTER INSERT ON onet_occupation BEGIN
  INSERT OR IGNORE INTO occupation_search_doc (occupation_code, kind, title)
  VALUES (new.code, 0, new.title);
END;

CREATE TRIGGER onet_occupation_search_au AFTER UPDATE OF code, title ON onet_occupation
WHEN old.code <> new.code OR old.title <> new.title BEGIN
  DELETE FROM occupation_search_doc WHERE occupation_code = old.code AND kind = 0;
  INSERT OR IGNORE INTO occupation_search_doc (occupation_code, kind, title)
  VALUES (new.code, 0, new.title);
END;

CREATE TRIGGER onet_occupation_search_ad AFTER DELETE ON onet_occupation BEGIN
  DELETE FROM occupation_search_doc WHERE occupation_code = old.code AND kind = 0;
END;

CREATE TRIGGER onet_alternate_title_search_ai AFTER INSERT ON onet_alternate_title BEGIN
  INSERT OR IGNORE INTO occupation_search_doc (occupation_code, kind, title)
  VALUES (new.occupation_code, 1, new.title);
  INSERT OR IGNORE INTO occupation_search_doc (occupation_code, kind, title)
  SELECT new.occupation_code, 2, new.short_title WHERE new.short_title <> '';
END;

CREATE TRIGGER onet_alternate_title_search_ad AFTER DELETE ON onet_alternate_title BEGIN
  DELETE FROM occupation_search_doc
  WHERE occupation_code = old.occupation_code AND kind = 1 AND title = old.title
    AND NOT EXISTS (SELECT 1 FROM onet_alternate_title a
                    WHERE a.occupation_code = old.occupation_code AND a.title = old.title);
  DELETE FROM occupation_search_doc
  WHERE occupation_code = old.occupation_code AND kind = 2 AND title = old.short_title
    AND NOT EXISTS (SELECT 1 FROM onet_alternate_title a
                    WHERE a.occupation_code = old.occupation_code
                      AND a.short_title = old.short_title);
END;

CREATE TRIGGER onet_alternate_title_search_au AFTER UPDATE ON onet_alternate_title BEGIN
  DELETE FROM occupation_search_doc
  WHERE occupation_code = old.occupation_code AND kind = 1 AND title = old.title
    AND NOT EXISTS (SELECT 1 FROM onet_alternate_title a
                    WHERE a.occupation_code = old.occupation_code AND a.title = old.title);
  DELETE FROM occupation_search_doc
  WHERE occupation_code = old.occupation_code AND kind = 2 AND title = old.short_title
    AND NOT EXISTS (SELECT 1 FROM onet_alternate_title a
                    WHERE a.occupation_code = old.occupation_code
                      AND a.short_title = old.short_title);
  INSERT OR IGNORE INTO occupation_search_doc (occupation_code, kind, title)
  VALUES (new.occupation_code, 1, new.title);
  INSERT OR IGNORE INTO occupation_search_doc (occupation_code, kind, title)
  SELECT new.occupation_code, 2, new.short_title WHERE new.short_title <> '';
END;

-- O*NET data imported before this migration.
INSERT OR IGNORE INTO occupation_search_doc (occupation_code, kind, title)
SELECT code, 0, title FROM onet_occupation;
INSERT OR IGNORE INTO occupation_search_doc (occupation_code, kind, title)
SELECT occupation_code, 1, title FROM onet_alternate_title;
INSERT OR IGNORE INTO occupation_search_doc (occupation_code, kind, title)
SELECT occupation_code, 2, short_title FROM onet_alternate_title WHERE short_title <> '';
