-- 0017 licence_sweep by program: the reminder and reclaim jobs sweep one program's licences in one
-- state at a time, in (client, licence) order, page by page (queries/reminders.sql), each program
-- with its own policy; the index of 0012 lacked the program.
DROP INDEX licence_sweep;
CREATE INDEX licence_sweep ON licence (tenant_id, program_id, state, client_id, id);
