-- Queries of the course catalogue: providers, courses and their skills, learning paths,
-- collections (migration 0004). Every query is scoped by tenant_id. Placeholders are '?'; times
-- are Unix milliseconds; booleans are 0/1. Optional filters are written
-- "(CAST(? AS BIGINT) = 0 OR col = ?)" / "(CAST(? AS TEXT) = '' OR col = ?)" so one prepared
-- statement serves every combination; the casts give PostgreSQL the parameter types.

-- name: insert_provider
-- doc: creates a provider
INSERT INTO provider (tenant_id, id, slug, name, website, license_types, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: update_provider
-- doc: replaces the mutable columns of a provider
UPDATE provider SET slug = ?, name = ?, website = ?, license_types = ?, updated_at = ?
WHERE tenant_id = ? AND id = ?;

-- name: delete_provider
-- doc: deletes a provider (the course foreign key refuses while courses refer to it)
DELETE FROM provider WHERE tenant_id = ? AND id = ?;

-- name: select_provider_by_id
-- doc: one provider of a tenant by id
SELECT tenant_id, id, slug, name, website, license_types, created_at, updated_at
FROM provider WHERE tenant_id = ? AND id = ?;

-- name: select_provider_by_slug
-- doc: one provider of a tenant by slug
SELECT tenant_id, id, slug, name, website, license_types, created_at, updated_at
FROM provider WHERE tenant_id = ? AND slug = ?;

-- name: select_providers
-- doc: every provider of a tenant, by name
SELECT tenant_id, id, slug, name, website, license_types, created_at, updated_at
FROM provider WHERE tenant_id = ? ORDER BY lower(name), id;

-- name: insert_course
-- doc: creates a course (its skills are inserted separately)
INSERT INTO course (tenant_id, id, provider_id, external_id, url, title, description, language,
                    estimated_hours, level, is_free, offers_certificate, search_terms,
                    created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: update_course
-- doc: replaces the mutable columns of a course
UPDATE course SET provider_id = ?, external_id = ?, url = ?, title = ?, description = ?,
                  language = ?, estimated_hours = ?, level = ?, is_free = ?,
                  offers_certificate = ?, search_terms = ?, updated_at = ?
WHERE tenant_id = ? AND id = ?;

-- name: delete_course
-- doc: deletes a course and (by cascade) its skills; refused while a learning path contains it
DELETE FROM course WHERE tenant_id = ? AND id = ?;

-- name: select_course_by_id
-- doc: one course of a tenant by id
SELECT tenant_id, id, provider_id, external_id, url, title, description, language,
       estimated_hours, level, is_free, offers_certificate, created_at, updated_at
FROM course WHERE tenant_id = ? AND id = ?;

-- name: select_course_by_external_id
-- doc: one course of a tenant by provider and the provider's course id
SELECT tenant_id, id, provider_id, external_id, url, title, description, language,
       estimated_hours, level, is_free, offers_certificate, created_at, updated_at
FROM course WHERE tenant_id = ? AND provider_id = ? AND external_id = ?;

-- name: select_courses
-- doc: a page of a tenant's courses by title, filtered by provider (0: any), level ('': any) and element taught ('': any)
SELECT c.tenant_id, c.id, c.provider_id, c.external_id, c.url, c.title, c.description,
       c.language, c.estimated_hours, c.level, c.is_free, c.offers_certificate, c.created_at,
       c.updated_at
FROM course c
WHERE c.tenant_id = ?
  AND (CAST(? AS BIGINT) = 0 OR c.provider_id = ?)
  AND (CAST(? AS TEXT) = '' OR c.level = ?)
  AND (CAST(? AS TEXT) = '' OR EXISTS (
        SELECT 1 FROM course_skill s
        WHERE s.tenant_id = c.tenant_id AND s.course_id = c.id AND s.element_id = ?))
ORDER BY lower(c.title), c.id
LIMIT ? OFFSET ?;

-- name: count_courses
-- doc: how many of a tenant's courses pass the filters of select_courses
SELECT COUNT(*) FROM course c
WHERE c.tenant_id = ?
  AND (CAST(? AS BIGINT) = 0 OR c.provider_id = ?)
  AND (CAST(? AS TEXT) = '' OR c.level = ?)
  AND (CAST(? AS TEXT) = '' OR EXISTS (
        SELECT 1 FROM course_skill s
        WHERE s.tenant_id = c.tenant_id AND s.course_id = c.id AND s.element_id = ?));

-- name: search_courses
-- doc: a page of a tenant's courses matching an FTS5 query and the filters of select_courses, most relevant first (bm25 weights: title 10, description 1, search terms 4)
SELECT c.tenant_id, c.id, c.provider_id, c.external_id, c.url, c.title, c.description,
       c.language, c.estimated_hours, c.level, c.is_free, c.offers_certificate, c.created_at,
       c.updated_at
FROM course_fts JOIN course c ON c.id = course_fts.rowid
WHERE course_fts MATCH ?
  AND c.tenant_id = ?
  AND (CAST(? AS BIGINT) = 0 OR c.provider_id = ?)
  AND (CAST(? AS TEXT) = '' OR c.level = ?)
  AND (CAST(? AS TEXT) = '' OR EXISTS (
        SELECT 1 FROM course_skill s
        WHERE s.tenant_id = c.tenant_id AND s.course_id = c.id AND s.element_id = ?))
ORDER BY bm25(course_fts, 10.0, 1.0, 4.0), lower(c.title), c.id
LIMIT ? OFFSET ?;

-- name: search_courses
-- dialect: postgres
-- doc: a page of a tenant's courses matching full-text words and the filters of select_courses, most relevant first (title weighs most)
SELECT c.tenant_id, c.id, c.provider_id, c.external_id, c.url, c.title, c.description,
       c.language, c.estimated_hours, c.level, c.is_free, c.offers_certificate, c.created_at,
       c.updated_at
FROM course c, plainto_tsquery('english', ?) AS query
WHERE c.tenant_id = ?
  AND to_tsvector('english', c.title || ' ' || c.description || ' ' || c.search_terms) @@ query
  AND (CAST(? AS BIGINT) = 0 OR c.provider_id = ?)
  AND (CAST(? AS TEXT) = '' OR c.level = ?)
  AND (CAST(? AS TEXT) = '' OR EXISTS (
        SELECT 1 FROM course_skill s
        WHERE s.tenant_id = c.tenant_id AND s.course_id = c.id AND s.element_id = ?))
ORDER BY ts_rank(setweight(to_tsvector('english', c.title), 'A') ||
                 setweight(to_tsvector('english', c.search_terms), 'B') ||
                 setweight(to_tsvector('english', c.description), 'D'), query) DESC,
         lower(c.title), c.id
LIMIT ? OFFSET ?;

-- name: count_search_courses
-- doc: how many of a tenant's courses match search_courses (without paging)
SELECT COUNT(*) FROM course_fts JOIN course c ON c.id = course_fts.rowid
WHERE course_fts MATCH ?
  AND c.tenant_id = ?
  AND (CAST(? AS BIGINT) = 0 OR c.provider_id = ?)
  AND (CAST(? AS TEXT) = '' OR c.level = ?)
  AND (CAST(? AS TEXT) = '' OR EXISTS (
        SELECT 1 FROM course_skill s
        WHERE s.tenant_id = c.tenant_id AND s.course_id = c.id AND s.element_id = ?));

-- name: count_search_courses
-- dialect: postgres
-- doc: how many of a tenant's courses match search_courses (without paging)
SELECT COUNT(*) FROM course c, plainto_tsquery('english', ?) AS query
WHERE c.tenant_id = ?
  AND to_tsvector('english', c.title || ' ' || c.description || ' ' || c.search_terms) @@ query
  AND (CAST(? AS BIGINT) = 0 OR c.provider_id = ?)
  AND (CAST(? AS TEXT) = '' OR c.level = ?)
  AND (CAST(? AS TEXT) = '' OR EXISTS (
        SELECT 1 FROM course_skill s
        WHERE s.tenant_id = c.tenant_id AND s.course_id = c.id AND s.element_id = ?));

-- name: select_course_ids_teaching
-- doc: the ids of a tenant's courses that teach one element
SELECT course_id FROM course_skill WHERE tenant_id = ? AND element_id = ?;

-- name: select_course_skills
-- doc: the skills of one course, in the curator's order
SELECT element_id, target_level FROM course_skill
WHERE tenant_id = ? AND course_id = ? ORDER BY position;

-- name: delete_course_skills
-- doc: removes every skill of a course (before writing the new list)
DELETE FROM course_skill WHERE tenant_id = ? AND course_id = ?;

-- name: insert_course_skill
-- doc: adds one skill to a course
INSERT INTO course_skill (tenant_id, course_id, position, element_id, target_level)
VALUES (?, ?, ?, ?, ?);

-- name: insert_learning_path
-- doc: creates a learning path (its courses and occupations are inserted separately)
INSERT INTO learning_path (tenant_id, id, name, description, is_introductory, created_at,
                           updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: update_learning_path
-- doc: replaces the mutable columns of a learning path
UPDATE learning_path SET name = ?, description = ?, is_introductory = ?, updated_at = ?
WHERE tenant_id = ? AND id = ?;

-- name: delete_learning_path
-- doc: deletes a learning path and (by cascade) its course and occupation lists; refused while a collection contains it
DELETE FROM learning_path WHERE tenant_id = ? AND id = ?;

-- name: select_learning_path_by_id
-- doc: one learning path of a tenant by id
SELECT tenant_id, id, name, description, is_introductory, created_at, updated_at
FROM learning_path WHERE tenant_id = ? AND id = ?;

-- name: select_learning_path_by_name
-- doc: one learning path of a tenant by its exact name
SELECT tenant_id, id, name, description, is_introductory, created_at, updated_at
FROM learning_path WHERE tenant_id = ? AND name = ?;

-- name: select_learning_paths
-- doc: every learning path of a tenant, by name
SELECT tenant_id, id, name, description, is_introductory, created_at, updated_at
FROM learning_path WHERE tenant_id = ? ORDER BY lower(name), id;

-- name: select_learning_paths_for_occupation
-- doc: the learning paths of a tenant that prepare for one O*NET-SOC occupation, by name
SELECT p.tenant_id, p.id, p.name, p.description, p.is_introductory, p.created_at, p.updated_at
FROM learning_path p JOIN learning_path_occupation o
  ON o.tenant_id = p.tenant_id AND o.path_id = p.id
WHERE p.tenant_id = ? AND o.occupation_code = ?
ORDER BY lower(p.name), p.id;

-- name: select_learning_paths_with_course
-- doc: the learning paths of a tenant that contain one course, by name
SELECT p.tenant_id, p.id, p.name, p.description, p.is_introductory, p.created_at, p.updated_at
FROM learning_path p JOIN learning_path_course lc
  ON lc.tenant_id = p.tenant_id AND lc.path_id = p.id
WHERE p.tenant_id = ? AND lc.course_id = ?
ORDER BY lower(p.name), p.id;

-- name: select_learning_path_courses
-- doc: the course ids of a learning path, in learning order
SELECT course_id FROM learning_path_course WHERE tenant_id = ? AND path_id = ? ORDER BY position;

-- name: delete_learning_path_courses
-- doc: removes every course of a learning path (before writing the new list)
DELETE FROM learning_path_course WHERE tenant_id = ? AND path_id = ?;

-- name: insert_learning_path_course
-- doc: adds one course to a learning path at a position
INSERT INTO learning_path_course (tenant_id, path_id, position, course_id) VALUES (?, ?, ?, ?);

-- name: select_learning_path_occupations
-- doc: the O*NET-SOC codes a learning path prepares for, by code
SELECT occupation_code FROM learning_path_occupation
WHERE tenant_id = ? AND path_id = ? ORDER BY occupation_code;

-- name: delete_learning_path_occupations
-- doc: removes every occupation of a learning path (before writing the new list)
DELETE FROM learning_path_occupation WHERE tenant_id = ? AND path_id = ?;

-- name: insert_learning_path_occupation
-- doc: adds one occupation to a learning path
INSERT INTO learning_path_occupation (tenant_id, path_id, occupation_code) VALUES (?, ?, ?);

-- name: insert_collection
-- doc: creates a collection (its paths are inserted separately)
INSERT INTO collection (tenant_id, id, name, description, theme, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: update_collection
-- doc: replaces the mutable columns of a collection
UPDATE collection SET name = ?, description = ?, theme = ?, updated_at = ?
WHERE tenant_id = ? AND id = ?;

-- name: delete_collection
-- doc: deletes a collection and (by cascade) its path list
DELETE FROM collection WHERE tenant_id = ? AND id = ?;

-- name: select_collection_by_id
-- doc: one collection of a tenant by id
SELECT tenant_id, id, name, description, theme, created_at, updated_at
FROM collection WHERE tenant_id = ? AND id = ?;

-- name: select_collections
-- doc: every collection of a tenant, by name
SELECT tenant_id, id, name, description, theme, created_at, updated_at
FROM collection WHERE tenant_id = ? ORDER BY lower(name), id;

-- name: select_collections_with_path
-- doc: the collections of a tenant that contain one learning path, by name
SELECT c.tenant_id, c.id, c.name, c.description, c.theme, c.created_at, c.updated_at
FROM collection c JOIN collection_path cp ON cp.tenant_id = c.tenant_id AND cp.collection_id = c.id
WHERE c.tenant_id = ? AND cp.path_id = ?
ORDER BY lower(c.name), c.id;

-- name: select_collection_paths
-- doc: the learning path ids of a collection, in display order
SELECT path_id FROM collection_path WHERE tenant_id = ? AND collection_id = ? ORDER BY position;

-- name: delete_collection_paths
-- doc: removes every path of a collection (before writing the new list)
DELETE FROM collection_path WHERE tenant_id = ? AND collection_id = ?;

-- name: insert_collection_path
-- doc: adds one learning path to a collection at a position
INSERT INTO collection_path (tenant_id, collection_id, position, path_id) VALUES (?, ?, ?, ?);
