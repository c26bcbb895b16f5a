-- 0004 course catalogue (SQLite): an agency's providers, courses and the O*NET elements they
-- teach, learning paths and curated collections. Tenant-owned: tenant_id comes first in every key.
-- Element ids and occupation codes refer to the O*NET reference data (0002) without a foreign
-- key, on purpose: a new O*NET release that drops an element must not be blocked by one agency's
-- catalogue (the use cases check references when a course or path is saved).
-- Times are Unix milliseconds; booleans are 0/1; enum columns hold the domain names
-- (LicenseTypeName, CourseLevelName, CollectionThemeName): do not rename the values.

CREATE TABLE provider (
  tenant_id     INTEGER NOT NULL REFERENCES tenant (tenant_id),
  id            INTEGER NOT NULL,
  slug          TEXT    NOT NULL,
  name          TEXT    NOT NULL,
  website       TEXT    NOT NULL DEFAULT '',
  license_types TEXT    NOT NULL,  -- comma-separated LicenseTypeName values
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, slug)
) WITHOUT ROWID;

CREATE TABLE course (
  tenant_id          INTEGER NOT NULL,
  id                 INTEGER NOT NULL,
  provider_id        INTEGER NOT NULL,
  external_id        TEXT    NOT NULL,
  url                TEXT    NOT NULL,
  title              TEXT    NOT NULL,
  description        TEXT    NOT NULL DEFAULT '',
  language           TEXT    NOT NULL,
  estimated_hours    REAL    NOT NULL CHECK (estimated_hours > 0 AND estimated_hours <= 2000),
  level              TEXT    NOT NULL CHECK (level IN ('introductory', 'intermediate', 'advanced')),
  is_free            INTEGER NOT NULL DEFAULT 0,
  offers_certificate INTEGER NOT NULL DEFAULT 0,
  search_terms       TEXT    NOT NULL DEFAULT '',  -- provider and element names, for search
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, provider_id, external_id),
  FOREIGN KEY (tenant_id, provider_id) REFERENCES provider (tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX course_by_title ON course (tenant_id, title);
-- The full-text index joins back by course id alone.
CREATE UNIQUE INDEX course_by_id ON course (id);

CREATE TABLE course_skill (
  tenant_id    INTEGER NOT NULL,
  course_id    INTEGER NOT NULL,
  position     INTEGER NOT NULL,
  element_id   TEXT    NOT NULL,
  target_level REAL    NOT NULL CHECK (target_level >= 0 AND target_level <= 7),
  PRIMARY KEY (tenant_id, course_id, position),
  UNIQUE (tenant_id, course_id, element_id),
  FOREIGN KEY (tenant_id, course_id) REFERENCES course (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX course_skill_by_element ON course_skill (tenant_id, element_id);

-- Course search: FTS5 over title, description and search_terms, Porter-stemmed so that plural
-- and singular forms match. The rowid is the course id (ids are unique across agencies); the
-- triggers keep the index in step with every write, whoever makes it.
CREATE VIRTUAL TABLE course_fts USING fts5(
  title, description, search_terms, tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TRIGGER course_fts_insert AFTER INSERT ON course BEGIN
  INSERT INTO course_fts (rowid, title, description, search_terms)
  VALUES (new.id, new.title, new.description, new.search_terms);
END;
CREATE TRIGGER course_fts_update AFTER UPDATE OF title, description, search_terms ON course BEGIN
  DELETE FROM course_fts WHERE rowid = old.id;
  INSERT INTO course_fts (rowid, title, description, search_terms)
  VALUES (new.id, new.title, new.description, new.search_terms);
END;
CREATE TRIGGER course_fts_delete AFTER DELETE ON course BEGIN
  DELETE FROM course_fts WHERE rowid = old.id;
END;

CREATE TABLE learning_path (
  tenant_id       INTEGER NOT NULL REFERENCES tenant (tenant_id),
  id              INTEGER NOT NULL,
  name            TEXT    NOT NULL,
  description     TEXT    NOT NULL DEFAULT '',
  is_introductory INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
) WITHOUT ROWID;

-- A course in a path cannot be deleted (no cascade from course): remove it from the path first.
CREATE TABLE learning_path_course (
  tenant_id INTEGER NOT NULL,
  path_id   INTEGER NOT NULL,
  position  INTEGER NOT NULL,
  course_id INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, path_id, position),
  UNIQUE (tenant_id, path_id, course_id),
  FOREIGN KEY (tenant_id, path_id) REFERENCES learning_path (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, course_id) REFERENCES course (tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX learning_path_course_by_course ON learning_path_course (tenant_id, course_id);

CREATE TABLE learning_path_occupation (
  tenant_id       INTEGER NOT NULL,
  path_id         INTEGER NOT NULL,
  occupation_code TEXT    NOT NULL,
  PRIMARY KEY (tenant_id, path_id, occupation_code),
  FOREIGN KEY (tenant_id, path_id) REFERENCES learning_path (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX learning_path_occupation_by_code
  ON learning_path_occupation (tenant_id, occupation_code);

CREATE TABLE collection (
  tenant_id   INTEGER NOT NULL REFERENCES tenant (tenant_id),
  id          INTEGER NOT NULL,
  name        TEXT    NOT NULL,
  description TEXT    NOT NULL DEFAULT '',
  theme       TEXT    NOT NULL CHECK (theme IN ('job_readiness', 'displaced_worker_retraining',
                                                'digital_literacy', 'entrepreneurship',
                                                'job_search_and_self_care', 'other')),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
) WITHOUT ROWID;

-- A path in a collection cannot be deleted (no cascade from learning_path).
CREATE TABLE collection_path (
  tenant_id     INTEGER NOT NULL,
  collection_id INTEGER NOT NULL,
  position      INTEGER NOT NULL,
  path_id       INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, collection_id, position),
  UNIQUE (tenant_id, collection_id, path_id),
  FOREIGN KEY (tenant_id, collection_id) REFERENCES collection (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, path_id) REFERENCES learning_path (tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX collection_path_by_path ON collection_path (tenant_id, path_id);
