-- 0004 course catalogue (PostgreSQL): an agency's providers, courses and the O*NET elements they
-- teach, learning paths and curated collections. Tenant-owned: tenant_id comes first in every key
-- (the distribution column when sharded by tenant, docs/scaling.md).
-- Element ids and occupation codes refer to the O*NET reference data (0002) without a foreign
-- key, on purpose: a new O*NET release that drops an element must not be blocked by one agency's
-- catalogue (the use cases check references when a course or path is saved).
-- Times are Unix milliseconds; enum columns hold the domain names (LicenseTypeName,
-- CourseLevelName, CollectionThemeName): do not rename the values.

CREATE TABLE provider (
  tenant_id     BIGINT NOT NULL REFERENCES tenant (tenant_id),
  id            BIGINT NOT NULL,
  slug          TEXT   NOT NULL,
  name          TEXT   NOT NULL,
  website       TEXT   NOT NULL DEFAULT '',
  license_types TEXT   NOT NULL,  -- comma-separated LicenseTypeName values
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, slug)
);

CREATE TABLE course (
  tenant_id          BIGINT           NOT NULL,
  id                 BIGINT           NOT NULL,
  provider_id        BIGINT           NOT NULL,
  external_id        TEXT             NOT NULL,
  url                TEXT             NOT NULL,
  title              TEXT             NOT NULL,
  description        TEXT             NOT NULL DEFAULT '',
  language           TEXT             NOT NULL,
  estimated_hours    DOUBLE PRECISION NOT NULL
    CHECK (estimated_hours > 0 AND estimated_hours <= 2000),
  level              TEXT             NOT NULL
    CHECK (level IN ('introductory', 'intermediate', 'advanced')),
  is_free            BOOLEAN          NOT NULL DEFAULT FALSE,
  offers_certificate BOOLEAN          NOT NULL DEFAULT FALSE,
  search_terms       TEXT             NOT NULL DEFAULT '',  -- provider and element names
  created_at         BIGINT           NOT NULL,
  updated_at         BIGINT           NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, provider_id, external_id),
  FOREIGN KEY (tenant_id, provider_id) REFERENCES provider (tenant_id, id)
);
CREATE INDEX course_by_title ON course (tenant_id, title);
-- Course search: English full text (stemmed, so plural and singular forms match) over the same
-- columns SQLite's course_fts indexes. The queries repeat this exact expression.
CREATE INDEX course_search ON course USING GIN (
  to_tsvector('english', title || ' ' || description || ' ' || search_terms));

CREATE TABLE course_skill (
  tenant_id    BIGINT           NOT NULL,
  course_id    BIGINT           NOT NULL,
  position     INTEGER          NOT NULL,
  element_id   TEXT             NOT NULL,
  target_level DOUBLE PRECISION NOT NULL CHECK (target_level >= 0 AND target_level <= 7),
  PRIMARY KEY (tenant_id, course_id, position),
  UNIQUE (tenant_id, course_id, element_id),
  FOREIGN KEY (tenant_id, course_id) REFERENCES course (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX course_skill_by_element ON course_skill (tenant_id, element_id);

CREATE TABLE learning_path (
  tenant_id       BIGINT  NOT NULL REFERENCES tenant (tenant_id),
  id              BIGINT  NOT NULL,
  name            TEXT    NOT NULL,
  description     TEXT    NOT NULL DEFAULT '',
  is_introductory BOOLEAN NOT NULL DEFAULT FALSE,
  created_at      BIGINT  NOT NULL,
  updated_at      BIGINT  NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);

-- A course in a path cannot be deleted (no cascade from course): remove it from the path first.
CREATE TABLE learning_path_course (
  tenant_id BIGINT  NOT NULL,
  path_id   BIGINT  NOT NULL,
  position  INTEGER NOT NULL,
  course_id BIGINT  NOT NULL,
  PRIMARY KEY (tenant_id, path_id, position),
  UNIQUE (tenant_id, path_id, course_id),
  FOREIGN KEY (tenant_id, path_id) REFERENCES learning_path (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, course_id) REFERENCES course (tenant_id, id)
);
CREATE INDEX learning_path_course_by_course ON learning_path_course (tenant_id, course_id);

CREATE TABLE learning_path_occupation (
  tenant_id       BIGINT NOT NULL,
  path_id         BIGINT NOT NULL,
  occupation_code TEXT   NOT NULL,
  PRIMARY KEY (tenant_id, path_id, occupation_code),
  FOREIGN KEY (tenant_id, path_id) REFERENCES learning_path (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX learning_path_occupation_by_code
  ON learning_path_occupation (tenant_id, occupation_code);

CREATE TABLE collection (
  tenant_id   BIGINT NOT NULL REFERENCES tenant (tenant_id),
  id          BIGINT NOT NULL,
  name        TEXT   NOT NULL,
  description TEXT   NOT NULL DEFAULT '',
  theme       TEXT   NOT NULL CHECK (theme IN ('job_readiness', 'displaced_worker_retraining',
                                               'digital_literacy', 'entrepreneurship',
                                               'job_search_and_self_care', 'other')),
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);

-- A path in a collection cannot be deleted (no cascade from learning_path).
CREATE TABLE collection_path (
  tenant_id     BIGINT  NOT NULL,
  collection_id BIGINT  NOT NULL,
  position      INTEGER NOT NULL,
  path_id       BIGINT  NOT NULL,
  PRIMARY KEY (tenant_id, collection_id, position),
  UNIQUE (tenant_id, collection_id, path_id),
  FOREIGN KEY (tenant_id, collection_id) REFERENCES collection (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, path_id) REFERENCES learning_path (tenant_id, id)
);
CREATE INDEX collection_path_by_path ON collection_path (tenant_id, path_id);
