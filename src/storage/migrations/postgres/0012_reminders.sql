-- 0012 reminders (PostgreSQL): the index the reminder and reclaim jobs sweep licences by. Each job
-- reads a tenant's licences of one state in keyset pages ordered by (client_id, id)
-- (queries/reminders.sql), so a sweep over a million licences reads each once, in order.
CREATE INDEX licence_sweep ON licence (tenant_id, state, client_id, id);
