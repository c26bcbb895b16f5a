-- Occupation search over occupation_search_doc (migration 0003). The words arrive already
-- reduced to letters and digits (domain::catalog::ParseSearchQuery) and joined by single spaces,
-- so the match expression built here cannot carry query syntax typed by a user.

-- name: search_occupation_titles
-- doc: titles matching the words, best first: every occupation title plus at most 300 alternate titles, ranked by bm25 with occupation titles weighted tenfold (FTS5, porter stemming; params words, any-word 0/1, prefix-last 0/1, the same three again, limit)
SELECT d.occupation_code, o.title, d.kind, d.title, o.job_zone, f.score
FROM (
  -- bm25 costs about a microsecond per matching title, and a common stem matches thousands
  -- ("operat*": 6,000 alternate titles). Occupation titles (1,016 at most) are all ranked;
  -- alternate titles up to a budget, taken in index order: a word that common matches plenty of
  -- occupation titles, which rank first anyway. Ranking and cutting before the joins keeps those
  -- to `limit` rows. (bench/occupation_search.sh measures it.)
  SELECT rowid, score FROM (
    SELECT rowid, -bm25(occupation_search_fts, 10.0, 1.0) AS score
    FROM occupation_search_fts
    WHERE occupation_search_fts MATCH
          '{title} : ("' || replace(?, ' ', CASE WHEN ? = 1 THEN '" OR "' ELSE '" "' END) || '"'
              || CASE WHEN ? = 1 THEN '*' ELSE '' END || ')'
    UNION ALL
    SELECT rowid, score FROM (
      SELECT rowid, -bm25(occupation_search_fts, 10.0, 1.0) AS score
      FROM occupation_search_fts
      WHERE occupation_search_fts MATCH
            '{alternate} : ("' || replace(?, ' ', CASE WHEN ? = 1 THEN '" OR "' ELSE '" "' END)
                || '"' || CASE WHEN ? = 1 THEN '*' ELSE '' END || ')'
      LIMIT 300
    )
  )
  ORDER BY score DESC
  LIMIT ?
) f
JOIN occupation_search_doc d ON d.doc_id = f.rowid
JOIN onet_occupation o ON o.code = d.occupation_code
ORDER BY f.score DESC, d.occupation_code, d.kind, d.title;

-- name: search_occupation_titles
-- dialect: postgres
-- doc: titles matching the words, best first: every occupation title plus at most 300 alternate titles, ranked by ts_rank (english, snowball stemming; normalised by length) with occupation titles weighted tenfold, over the GIN index (params as the SQLite query)
SELECT d.occupation_code, o.title, d.kind, d.title, o.job_zone, f.score
FROM (
  SELECT m.doc_id,
         ts_rank(to_tsvector('english', m.title), m.query, 1)
             * CASE WHEN m.kind = 0 THEN 10 ELSE 1 END AS score
  FROM (
    -- As on SQLite: ts_rank re-parses each title (a few microseconds), so alternate titles are
    -- ranked up to a budget. The kind predicates select the partial GIN indexes (migration 0003).
    SELECT t.doc_id, t.kind, t.title, q.query
    FROM (SELECT to_tsquery('english',
                            replace(CAST(? AS TEXT), ' ',
                                    CASE WHEN CAST(? AS INTEGER) = 1 THEN ' | ' ELSE ' & ' END)
                                || CASE WHEN CAST(? AS INTEGER) = 1 THEN ':*' ELSE '' END)
                 AS query) q
    JOIN occupation_search_doc t ON to_tsvector('english', t.title) @@ q.query AND t.kind = 0
    UNION ALL
    SELECT a.doc_id, a.kind, a.title, a.query FROM (
      SELECT t.doc_id, t.kind, t.title, q.query
      FROM (SELECT to_tsquery('english',
                              replace(CAST(? AS TEXT), ' ',
                                      CASE WHEN CAST(? AS INTEGER) = 1 THEN ' | ' ELSE ' & ' END)
                                  || CASE WHEN CAST(? AS INTEGER) = 1 THEN ':*' ELSE '' END)
                   AS query) q
      JOIN occupation_search_doc t ON to_tsvector('english', t.title) @@ q.query AND t.kind <> 0
      LIMIT 300
    ) a
  ) m
  ORDER BY score DESC
  LIMIT ?
) f
JOIN occupation_search_doc d ON d.doc_id = f.doc_id
JOIN onet_occupation o ON o.code = d.occupation_code
ORDER BY f.score DESC, d.occupation_code, d.kind, d.title;
