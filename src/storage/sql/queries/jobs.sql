-- Queries of the job ledger (migration 0006). Placeholders are '?'; times are Unix milliseconds.

-- name: select_job_run
-- doc: one run of a job for a period
SELECT tenant_id, job, period, status, started_at, finished_at, items, attempts, lease_until,
       last_error
FROM job_run WHERE tenant_id = ? AND job = ? AND period = ?;

-- name: insert_job_run
-- doc: starts a run; changes nothing when the run exists
INSERT INTO job_run (tenant_id, job, period, status, started_at, finished_at, items, attempts,
                     lease_until, last_error)
VALUES (?, ?, ?, 'running', ?, NULL, 0, 1, ?, '')
ON CONFLICT (tenant_id, job, period) DO NOTHING;

-- name: restart_job_run
-- doc: starts a run again if nobody did since it was read (params started_at, lease_until, tenant, job, period, attempts read)
UPDATE job_run SET status = 'running', started_at = ?, finished_at = NULL, attempts = attempts + 1,
                   lease_until = ?, last_error = ''
WHERE tenant_id = ? AND job = ? AND period = ? AND attempts = ?;

-- name: renew_job_run
-- doc: extends a run's lease and records its progress (params lease_until, items, tenant, job, period)
UPDATE job_run SET lease_until = ?, items = ?
WHERE tenant_id = ? AND job = ? AND period = ?;

-- name: finish_job_run
-- doc: ends a run (params status, finished_at, error, tenant, job, period); items from the ledger
UPDATE job_run SET status = ?, finished_at = ?, last_error = ?, lease_until = 0,
                   items = (SELECT COUNT(*) FROM job_item i
                            WHERE i.tenant_id = job_run.tenant_id AND i.job = job_run.job
                              AND i.period = job_run.period)
WHERE tenant_id = ? AND job = ? AND period = ?;

-- name: insert_job_item
-- doc: records one item of a run as done; changes nothing when the ledger already holds it
INSERT INTO job_item (tenant_id, job, period, item, outcome, done_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (tenant_id, job, period, item) DO NOTHING;

-- name: select_job_item_outcome
-- doc: the outcome recorded for one item of a run (params tenant, job, period, item)
SELECT outcome FROM job_item WHERE tenant_id = ? AND job = ? AND period = ? AND item = ?;

-- name: count_job_items
-- doc: how many items a run has done
SELECT COUNT(*) FROM job_item WHERE tenant_id = ? AND job = ? AND period = ?;

-- name: select_job_runs
-- doc: a tenant's runs, most recently started first
SELECT tenant_id, job, period, status, started_at, finished_at, items, attempts, lease_until,
       last_error
FROM job_run WHERE tenant_id = ?
ORDER BY started_at DESC, job, period
LIMIT ?;
