-- 0018 licence_sweep covers the sweep's filter: the reminder and reclaim jobs test each licence's
-- provider, activation, invitation expiry and reclaim listing while they scan one program's
-- licences in one state (queries/reminders.sql); with those columns included the scan can be an
-- index-only scan instead of a heap fetch per licence.
DROP INDEX licence_sweep;
CREATE INDEX licence_sweep ON licence (tenant_id, program_id, state, client_id, id)
  INCLUDE (provider_id, activated_at, invite_expires_at, reclaim_listed_at);
