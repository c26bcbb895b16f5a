-- 0008 pathways (sqlite): a client's career profile, the person's side of the pathway engine
-- (docs/pathways.md, section 4). Tenant-owned; times are Unix milliseconds.

-- One row per client who has a profile. `document` is the profile in the API's JSON form
-- (occupations held, completed courses, credentials, self-assessment, education category),
-- validated by the application before it is stored. No contact data lives here.
CREATE TABLE client_career_profile (
  tenant_id    INTEGER NOT NULL,
  client_id    INTEGER NOT NULL,
  document     TEXT    NOT NULL,
  current_code TEXT    NOT NULL DEFAULT '',  -- the current occupation (O*NET-SOC), for listings
  updated_at   INTEGER NOT NULL,
  updated_by   TEXT    NOT NULL,
  PRIMARY KEY (tenant_id, client_id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES client (tenant_id, id)
);
