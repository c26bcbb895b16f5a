-- 0018 licence_sweep covers the sweep's filter: the reminder and reclaim jobs test each licence's
-- provider, activation, invitation expiry and reclaim listing while they scan one program's
-- licences in one state (queries/reminders.sql); with those columns in the index the scan of
-- 900,000 activated licences reads no licence row (one B-tree seek each saved; about 0.4 s of
-- CPU per activity job at a million clients, bench/reminders.sh).
DROP INDEX licence_sweep;
CREATE INDEX licence_sweep ON licence (tenant_id, program_id, state, client_id, id, provider_id,
                                       activated_at, invite_expires_at, reclaim_listed_at);
