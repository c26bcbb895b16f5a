-- 0002 O*NET (PostgreSQL): the O*NET reference data. Global, not tenant-owned (a Citus reference
-- table, docs/scaling.md), so there is no tenant_id. Written only by `reskill import onet`, which
-- replaces a release in place (app::OccupationRepository::ReplaceRelease).

-- One row per import that changed something; the highest seq is the current release.
CREATE TABLE onet_release (
  seq         BIGINT NOT NULL PRIMARY KEY,
  version     TEXT   NOT NULL,
  fingerprint TEXT   NOT NULL,
  imported_at BIGINT NOT NULL,
  occupations BIGINT NOT NULL,
  ratings     BIGINT NOT NULL
);

CREATE TABLE onet_occupation (
  code        TEXT    NOT NULL PRIMARY KEY,
  title       TEXT    NOT NULL,
  description TEXT    NOT NULL,
  job_zone    INTEGER NOT NULL DEFAULT 0 CHECK (job_zone BETWEEN 0 AND 5)
);
CREATE INDEX onet_occupation_by_job_zone ON onet_occupation (job_zone, code);

-- kind is domain::catalog::ElementKindName: do not rename the values.
CREATE TABLE onet_element (
  id          TEXT NOT NULL PRIMARY KEY,
  name        TEXT NOT NULL,
  description TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('skill', 'knowledge', 'ability', 'work_activity'))
);
CREATE INDEX onet_element_by_kind ON onet_element (kind, id);

-- Importance (scale IM) and level (scale LV) of one element for one occupation.
CREATE TABLE onet_rating (
  occupation_code TEXT             NOT NULL REFERENCES onet_occupation (code),
  element_id      TEXT             NOT NULL REFERENCES onet_element (id),
  importance      DOUBLE PRECISION NOT NULL,
  level           DOUBLE PRECISION NOT NULL,
  suppressed      BOOLEAN          NOT NULL DEFAULT FALSE,
  not_relevant    BOOLEAN          NOT NULL DEFAULT FALSE,
  PRIMARY KEY (occupation_code, element_id)
);
CREATE INDEX onet_rating_by_element ON onet_rating (element_id, importance);

-- O*NET lists a title twice when one entry carries a short title ("LMHC") and the other none,
-- hence short_title in the key.
CREATE TABLE onet_alternate_title (
  occupation_code TEXT NOT NULL REFERENCES onet_occupation (code),
  title           TEXT NOT NULL,
  short_title     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (occupation_code, title, short_title)
);

CREATE TABLE onet_technology (
  occupation_code TEXT    NOT NULL REFERENCES onet_occupation (code),
  example         TEXT    NOT NULL,
  commodity_code  TEXT    NOT NULL,
  commodity_title TEXT    NOT NULL,
  hot             BOOLEAN NOT NULL DEFAULT FALSE,
  in_demand       BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (occupation_code, example, commodity_code)
);

CREATE TABLE onet_task (
  task_id         BIGINT NOT NULL PRIMARY KEY,
  occupation_code TEXT   NOT NULL REFERENCES onet_occupation (code),
  statement       TEXT   NOT NULL,
  task_type       TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX onet_task_by_occupation ON onet_task (occupation_code, task_id);

-- Detailed work activities; element_id is the work-activity element (GWA) it rolls up to.
CREATE TABLE onet_dwa (
  dwa_id     TEXT NOT NULL PRIMARY KEY,
  iwa_id     TEXT NOT NULL,
  element_id TEXT NOT NULL REFERENCES onet_element (id),
  title      TEXT NOT NULL
);
CREATE INDEX onet_dwa_by_element ON onet_dwa (element_id);

CREATE TABLE onet_task_dwa (
  task_id BIGINT NOT NULL REFERENCES onet_task (task_id),
  dwa_id  TEXT   NOT NULL REFERENCES onet_dwa (dwa_id),
  PRIMARY KEY (task_id, dwa_id)
);
CREATE INDEX onet_task_dwa_by_dwa ON onet_task_dwa (dwa_id);

-- Category distributions (scales RL, RW, PT, OJ). element_id is a content-model id such as
-- "2.D.1" that is not a rated element, so it has no foreign key.
CREATE TABLE onet_education (
  occupation_code TEXT             NOT NULL REFERENCES onet_occupation (code),
  element_id      TEXT             NOT NULL,
  scale_id        TEXT             NOT NULL,
  category        INTEGER          NOT NULL,
  percent         DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (occupation_code, element_id, scale_id, category)
);
