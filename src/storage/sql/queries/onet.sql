-- Queries of the O*NET reference data (global: no tenant_id). Placeholders are '?'; booleans are
-- 0/1. The bulk writes of an import are built at run time (storage/sql/occupation_repository.cpp).

-- name: select_onet_occupation
-- doc: one occupation by O*NET-SOC code
SELECT code, title, description, job_zone FROM onet_occupation WHERE code = ?;

-- name: select_onet_occupations
-- doc: a page of occupations by code, filtered by job zone (0: any) and code prefix ('': any); params job_zone x2, prefix, prefix length, prefix, after_code, limit
SELECT code, title, description, job_zone FROM onet_occupation
WHERE (? = 0 OR job_zone = ?)
  AND (? = '' OR substr(code, 1, ?) = ?)
  AND code > ?
ORDER BY code
LIMIT ?;

-- name: count_onet_occupations
-- doc: how many occupations are stored
SELECT COUNT(*) FROM onet_occupation;

-- name: select_onet_element
-- doc: one content-model element by id
SELECT id, name, description, kind FROM onet_element WHERE id = ?;

-- name: select_onet_elements_by_kind
-- doc: the elements of one kind, by id
SELECT id, name, description, kind FROM onet_element WHERE kind = ? ORDER BY id;

-- name: select_onet_rated_elements
-- doc: an occupation's unsuppressed ratings of one element kind, most important first
SELECT e.id, e.name, e.description, e.kind, r.importance, r.level
FROM onet_rating r JOIN onet_element e ON e.id = r.element_id
WHERE r.occupation_code = ? AND e.kind = ? AND r.suppressed = 0
ORDER BY r.importance DESC, r.level DESC, e.id;

-- name: select_onet_rated_elements
-- dialect: postgres
-- doc: an occupation's unsuppressed ratings of one element kind, most important first
SELECT e.id, e.name, e.description, e.kind, r.importance, r.level
FROM onet_rating r JOIN onet_element e ON e.id = r.element_id
WHERE r.occupation_code = ? AND e.kind = ? AND NOT r.suppressed
ORDER BY r.importance DESC, r.level DESC, e.id;

-- name: select_onet_ratings
-- doc: every rating (also the importer's view of what is stored), by occupation and element
SELECT occupation_code, element_id, importance, level, suppressed, not_relevant
FROM onet_rating ORDER BY occupation_code, element_id;

-- name: select_onet_alternate_titles
-- doc: an occupation's alternate titles, by title
SELECT occupation_code, title, short_title FROM onet_alternate_title
WHERE occupation_code = ? ORDER BY title, short_title;

-- name: select_onet_technology
-- doc: an occupation's technology skills, hot technologies first, then by example
SELECT occupation_code, example, commodity_code, commodity_title, hot, in_demand
FROM onet_technology WHERE occupation_code = ?
ORDER BY hot DESC, example, commodity_code;

-- name: select_onet_tasks
-- doc: an occupation's task statements, core tasks first, then by task id
SELECT occupation_code, task_id, statement, task_type FROM onet_task
WHERE occupation_code = ?
ORDER BY CASE task_type WHEN 'Core' THEN 0 WHEN 'Supplemental' THEN 1 ELSE 2 END, task_id;

-- name: select_onet_work_activities
-- doc: the distinct detailed work activities linked to an occupation's tasks, by DWA id
SELECT DISTINCT d.dwa_id, d.iwa_id, d.element_id, d.title
FROM onet_task t
JOIN onet_task_dwa td ON td.task_id = t.task_id
JOIN onet_dwa d ON d.dwa_id = td.dwa_id
WHERE t.occupation_code = ?
ORDER BY d.dwa_id;

-- name: select_onet_education
-- doc: an occupation's education, training and experience distributions
SELECT occupation_code, element_id, scale_id, category, percent FROM onet_education
WHERE occupation_code = ? ORDER BY element_id, scale_id, category;

-- name: select_onet_all_alternate_titles
-- doc: every alternate title, by occupation (the pathway model's title words)
SELECT occupation_code, title, short_title FROM onet_alternate_title
ORDER BY occupation_code, title, short_title;

-- name: select_onet_all_technology
-- doc: every technology skill, by occupation (the pathway model)
SELECT occupation_code, example, commodity_code, commodity_title, hot, in_demand
FROM onet_technology ORDER BY occupation_code, example, commodity_code;

-- name: select_onet_all_work_activities
-- doc: every distinct (occupation, DWA) link through the occupation's tasks (the pathway model)
SELECT DISTINCT t.occupation_code, d.dwa_id, d.iwa_id, d.element_id, d.title
FROM onet_task t
JOIN onet_task_dwa td ON td.task_id = t.task_id
JOIN onet_dwa d ON d.dwa_id = td.dwa_id
ORDER BY t.occupation_code, d.dwa_id;

-- name: select_onet_all_education
-- doc: every education, training and experience category rating, by occupation (the pathway model)
SELECT occupation_code, element_id, scale_id, category, percent FROM onet_education
ORDER BY occupation_code, element_id, scale_id, category;

-- name: select_onet_current_release
-- doc: the most recently recorded release
SELECT version, fingerprint, imported_at, occupations, ratings FROM onet_release
ORDER BY seq DESC LIMIT 1;

-- name: insert_onet_release
-- doc: records an imported release under the next sequence number
INSERT INTO onet_release (seq, version, fingerprint, imported_at, occupations, ratings)
VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM onet_release), ?, ?, ?, ?, ?);

-- name: select_onet_occupation_rows
-- doc: the importer's view of stored occupations (key first)
SELECT code, title, description, job_zone FROM onet_occupation;

-- name: select_onet_element_rows
-- doc: the importer's view of stored elements (key first)
SELECT id, name, description, kind FROM onet_element;

-- name: select_onet_alternate_title_rows
-- doc: the importer's view of stored alternate titles (all columns are the key)
SELECT occupation_code, title, short_title FROM onet_alternate_title;

-- name: select_onet_technology_rows
-- doc: the importer's view of stored technology skills (key first)
SELECT occupation_code, example, commodity_code, commodity_title, hot, in_demand
FROM onet_technology;

-- name: select_onet_task_rows
-- doc: the importer's view of stored tasks (key first)
SELECT task_id, occupation_code, statement, task_type FROM onet_task;

-- name: select_onet_dwa_rows
-- doc: the importer's view of stored detailed work activities (key first)
SELECT dwa_id, iwa_id, element_id, title FROM onet_dwa;

-- name: select_onet_task_dwa_rows
-- doc: the importer's view of stored task-to-DWA links (all columns are the key)
SELECT task_id, dwa_id FROM onet_task_dwa;

-- name: select_onet_education_rows
-- doc: the importer's view of stored education distributions (key first)
SELECT occupation_code, element_id, scale_id, category, percent FROM onet_education;
