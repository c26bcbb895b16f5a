-- Queries of the labour-market data (global: no tenant_id): BLS OEWS wages and Employment
-- Projections. Placeholders are '?'; booleans are 0/1. The wage columns, in the order every
-- wage query returns them, are listed once in storage/sql/labour_market_repository.cpp.

-- name: insert_labour_wage
-- doc: stores one SOC code's OEWS estimates for an area and year
INSERT INTO labour_wage (area_code, soc_code, year, area_title, occupation_title, soc_group,
                         employment, annual_mean, annual_pct10, annual_pct25, annual_median,
                         annual_pct75, annual_pct90, hourly_mean, hourly_pct10, hourly_pct25,
                         hourly_median, hourly_pct75, hourly_pct90, top_coded)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: delete_labour_wages_by_area_year
-- doc: removes an area's estimates for one year (before a re-import)
DELETE FROM labour_wage WHERE area_code = ? AND year = ?;

-- name: select_labour_wage
-- doc: one SOC code's estimates for an area and year
SELECT area_code, soc_code, year, area_title, occupation_title, soc_group, employment,
       annual_mean, annual_pct10, annual_pct25, annual_median, annual_pct75, annual_pct90,
       hourly_mean, hourly_pct10, hourly_pct25, hourly_median, hourly_pct75, hourly_pct90,
       top_coded
FROM labour_wage WHERE area_code = ? AND soc_code = ? AND year = ?;

-- name: select_labour_wages_in_group
-- doc: an area's estimates, every year, for the SOC codes of one broad group (params area, first code, last code): newest year first
SELECT area_code, soc_code, year, area_title, occupation_title, soc_group, employment,
       annual_mean, annual_pct10, annual_pct25, annual_median, annual_pct75, annual_pct90,
       hourly_mean, hourly_pct10, hourly_pct25, hourly_median, hourly_pct75, hourly_pct90,
       top_coded
FROM labour_wage
WHERE area_code = ? AND soc_code BETWEEN ? AND ?
ORDER BY year DESC, soc_code;

-- name: select_labour_wages_by_area_year
-- doc: every SOC code's estimates for one area and year, by SOC code (the pathway model)
SELECT area_code, soc_code, year, area_title, occupation_title, soc_group, employment,
       annual_mean, annual_pct10, annual_pct25, annual_median, annual_pct75, annual_pct90,
       hourly_mean, hourly_pct10, hourly_pct25, hourly_median, hourly_pct75, hourly_pct90,
       top_coded
FROM labour_wage WHERE area_code = ? AND year = ?
ORDER BY soc_code;

-- name: select_labour_wage_datasets
-- doc: the stored (area, year) data sets with their row counts, by area then newest year
SELECT area_code, MIN(area_title), year, COUNT(*) FROM labour_wage
GROUP BY area_code, year ORDER BY area_code, year DESC;

-- name: insert_labour_projection
-- doc: stores one SOC code's employment projection for a period
INSERT INTO labour_projection (period, soc_code, base_year, projected_year, title,
                               employment_base, employment_projected, employment_change,
                               change_percent, annual_openings, median_annual_wage,
                               median_wage_top_coded, entry_education, work_experience,
                               on_the_job_training)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: delete_labour_projections_by_period
-- doc: removes a projection period (before a re-import)
DELETE FROM labour_projection WHERE period = ?;

-- name: select_labour_projections_in_group
-- doc: projections, every period, for the SOC codes of one broad group (params first code, last code): newest period first
SELECT soc_code, title, base_year, projected_year, employment_base, employment_projected,
       employment_change, change_percent, annual_openings, median_annual_wage,
       median_wage_top_coded, entry_education, work_experience, on_the_job_training
FROM labour_projection
WHERE soc_code BETWEEN ? AND ?
ORDER BY base_year DESC, projected_year DESC, soc_code;

-- name: select_labour_projections_by_period
-- doc: every projection of a period, by SOC code
SELECT soc_code, title, base_year, projected_year, employment_base, employment_projected,
       employment_change, change_percent, annual_openings, median_annual_wage,
       median_wage_top_coded, entry_education, work_experience, on_the_job_training
FROM labour_projection
WHERE period = ?
ORDER BY soc_code;

-- name: select_labour_projection_datasets
-- doc: the stored projection periods with their row counts, newest first
SELECT base_year, projected_year, COUNT(*) FROM labour_projection
GROUP BY period, base_year, projected_year ORDER BY base_year DESC, projected_year DESC;
