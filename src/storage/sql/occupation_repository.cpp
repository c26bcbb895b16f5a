#include "storage/sql/occupation_repository.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace reskill::storage {

namespace {

using domain::catalog::AlternateTitle;
using domain::catalog::DetailedWorkActivity;
using domain::catalog::EducationRating;
using domain::catalog::Element;
using domain::catalog::ElementKind;
using domain::catalog::ElementRating;
using domain::catalog::Occupation;
using domain::catalog::OnetRelease;
using domain::catalog::RatedElement;
using domain::catalog::Task;
using domain::catalog::TechnologySkill;

// ---- Reads ----------------------------------------------------------------------------------

Occupation OccupationFrom(const SqlRow& r) {
  return Occupation{r.Text(0), r.Text(1), r.Text(2), static_cast<int>(r.Int(3))};
}

Element ElementFrom(const SqlRow& r) {
  return Element{r.Text(0), r.Text(1), r.Text(2),
                 domain::catalog::ParseElementKind(r.Text(3)).value_or(ElementKind::kSkill)};
}

template <typename T, typename F>
StatusOr<std::vector<T>> AllOf(StatusOr<SqlRows> rows, F&& make) {
  if (!rows.ok()) return rows.status();
  std::vector<T> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(make(r));
  return out;
}

template <typename T, typename F>
StatusOr<std::optional<T>> FirstOf(StatusOr<SqlRows> rows, F&& make) {
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<T>();
  return std::optional<T>(make(rows->front()));
}

SqlValue Flag(bool b) {
  return std::int64_t{b ? 1 : 0};
}

// ---- ReplaceRelease: one table at a time, only the differences ------------------------------

// A table as the importer sees it: columns with the key first, and the named query that reads
// every stored row in that column order.
struct TableSpec {
  std::string_view table;
  std::string_view select_rows;
  std::vector<std::string_view> columns;
  std::size_t key_columns = 0;
};

// The rows of one table, flattened (row i is values[i * width, (i + 1) * width)).
struct TableRows {
  const TableSpec* spec = nullptr;
  std::vector<SqlValue> values;

  std::size_t width() const { return spec->columns.size(); }
  std::size_t size() const { return values.size() / width(); }
  std::span<const SqlValue> Row(std::size_t i) const {
    return std::span<const SqlValue>(values).subspan(i * width(), width());
  }
  void Add(std::initializer_list<SqlValue> row) {
    values.insert(values.end(), row.begin(), row.end());
  }
};

// What must change in one table: rows of the new data to upsert, keys of stored rows to delete.
struct TableDiff {
  std::vector<std::size_t> upserts;
  std::vector<std::vector<SqlValue>> deletes;
};

// Appends an unambiguous encoding of `v` (type tag, then length-prefixed bytes) to `out`.
void AppendKey(std::string& out, const SqlValue& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) {
    out += 'i';
    out.append(reinterpret_cast<const char*>(n), sizeof *n);
  } else if (const auto* d = std::get_if<double>(&v)) {
    out += 'd';
    out.append(reinterpret_cast<const char*>(d), sizeof *d);
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    const auto size = static_cast<std::uint32_t>(s->size());
    out += 's';
    out.append(reinterpret_cast<const char*>(&size), sizeof size);
    out += *s;
  } else {
    out += 'n';
  }
}

template <typename Values>
std::string KeyOf(const Values& row, std::size_t key_columns) {
  std::string key;
  for (std::size_t c = 0; c < key_columns; ++c) AppendKey(key, row[c]);
  return key;
}

StatusOr<TableDiff> Diff(SqlConnection& conn, const QueryCatalog& q, const TableRows& wanted) {
  const TableSpec& spec = *wanted.spec;
  RESKILL_ASSIGN_OR_RETURN(SqlRows stored, conn.Query(q.Get(spec.select_rows), {}));
  struct Entry {
    std::ptrdiff_t stored = -1;  // index into `stored`, -1 when the key is new
    bool wanted = false;
  };
  std::unordered_map<std::string, Entry> by_key;
  by_key.reserve(stored.size() + wanted.size());
  for (std::size_t i = 0; i < stored.size(); ++i) {
    if (stored[i].values.size() != spec.columns.size()) {
      return Internal(std::string(spec.select_rows) + ": unexpected column count");
    }
    by_key[KeyOf(stored[i].values, spec.key_columns)].stored = static_cast<std::ptrdiff_t>(i);
  }
  TableDiff diff;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    const auto row = wanted.Row(i);
    Entry& e = by_key[KeyOf(row, spec.key_columns)];
    if (e.wanted) {
      return InvalidArgument("the release lists the same " + std::string(spec.table) +
                             " key twice");
    }
    e.wanted = true;
    if (e.stored < 0 || !std::equal(row.begin(), row.end(),
                                    stored[static_cast<std::size_t>(e.stored)].values.begin())) {
      diff.upserts.push_back(i);
    }
  }
  for (auto& [key, e] : by_key) {
    if (e.stored >= 0 && !e.wanted) {
      auto& values = stored[static_cast<std::size_t>(e.stored)].values;
      values.resize(spec.key_columns);
      diff.deletes.push_back(std::move(values));
    }
  }
  return diff;
}

Status DeleteRows(SqlConnection& conn, const TableSpec& spec,
                  const std::vector<std::vector<SqlValue>>& keys) {
  if (keys.empty()) return Status::Ok();
  // Deletes are rare (rows a newer release dropped), so one prepared single-row statement.
  std::string sql = "DELETE FROM " + std::string(spec.table) + " WHERE ";
  for (std::size_t c = 0; c < spec.key_columns; ++c) {
    if (c > 0) sql += " AND ";
    sql += std::string(spec.columns[c]) + " = ?";
  }
  for (const auto& key : keys) RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamic(sql, key).status());
  return Status::Ok();
}

// "INSERT INTO t (a, b, c) VALUES (?, ?, ?), … ON CONFLICT (a) DO UPDATE SET b = excluded.b, …"
// for `rows` rows; the same text on both engines (SQLite ≥ 3.24, PostgreSQL ≥ 9.5).
std::string UpsertSql(const TableSpec& spec, std::size_t rows) {
  std::string sql = "INSERT INTO " + std::string(spec.table) + " (";
  std::string tuple = "(";
  for (std::size_t c = 0; c < spec.columns.size(); ++c) {
    if (c > 0) {
      sql += ", ";
      tuple += ", ";
    }
    sql += spec.columns[c];
    tuple += '?';
  }
  sql += ") VALUES ";
  tuple += ')';
  sql.reserve(sql.size() + rows * (tuple.size() + 2) + 256);
  for (std::size_t r = 0; r < rows; ++r) {
    if (r > 0) sql += ", ";
    sql += tuple;
  }
  sql += " ON CONFLICT (";
  for (std::size_t c = 0; c < spec.key_columns; ++c) {
    if (c > 0) sql += ", ";
    sql += spec.columns[c];
  }
  if (spec.key_columns == spec.columns.size()) {
    sql += ") DO NOTHING";
    return sql;
  }
  sql += ") DO UPDATE SET ";
  for (std::size_t c = spec.key_columns; c < spec.columns.size(); ++c) {
    if (c > spec.key_columns) sql += ", ";
    sql += std::string(spec.columns[c]) + " = excluded." + std::string(spec.columns[c]);
  }
  return sql;
}

Status UpsertRows(SqlConnection& conn, const TableRows& wanted,
                  const std::vector<std::size_t>& rows) {
  // 500 rows per statement: few round trips, and at most 500 × 6 parameters, well under
  // SQLite's 32,766 and PostgreSQL's 65,535.
  constexpr std::size_t kBatchRows = 500;
  const std::size_t width = wanted.width();
  std::vector<SqlValue> params;
  std::string full_batch_sql;
  for (std::size_t start = 0; start < rows.size(); start += kBatchRows) {
    const std::size_t n = std::min(kBatchRows, rows.size() - start);
    if (n == kBatchRows && full_batch_sql.empty()) full_batch_sql = UpsertSql(*wanted.spec, n);
    const std::string sql = n == kBatchRows ? full_batch_sql : UpsertSql(*wanted.spec, n);
    // A first import upserts every row in order: bind straight from the flattened rows.
    if (rows[start + n - 1] - rows[start] == n - 1) {
      const auto span =
          std::span<const SqlValue>(wanted.values).subspan(rows[start] * width, n * width);
      RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamic(sql, span).status());
      continue;
    }
    params.clear();
    for (std::size_t r = start; r < start + n; ++r) {
      const auto row = wanted.Row(rows[r]);
      params.insert(params.end(), row.begin(), row.end());
    }
    RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamic(sql, params).status());
  }
  return Status::Ok();
}

// Column order: key columns first, then the rest, as in the select_onet_*_rows queries.
const TableSpec kOccupation{"onet_occupation",
                            "select_onet_occupation_rows",
                            {"code", "title", "description", "job_zone"},
                            1};
const TableSpec kElement{
    "onet_element", "select_onet_element_rows", {"id", "name", "description", "kind"}, 1};
const TableSpec kRating{
    "onet_rating",
    "select_onet_ratings",
    {"occupation_code", "element_id", "importance", "level", "suppressed", "not_relevant"},
    2};
const TableSpec kAlternateTitle{"onet_alternate_title",
                                "select_onet_alternate_title_rows",
                                {"occupation_code", "title", "short_title"},
                                3};
const TableSpec kTechnology{
    "onet_technology",
    "select_onet_technology_rows",
    {"occupation_code", "example", "commodity_code", "commodity_title", "hot", "in_demand"},
    3};
const TableSpec kTask{"onet_task",
                      "select_onet_task_rows",
                      {"task_id", "occupation_code", "statement", "task_type"},
                      1};
const TableSpec kDwa{
    "onet_dwa", "select_onet_dwa_rows", {"dwa_id", "iwa_id", "element_id", "title"}, 1};
const TableSpec kTaskDwa{"onet_task_dwa", "select_onet_task_dwa_rows", {"task_id", "dwa_id"}, 2};
const TableSpec kEducation{"onet_education",
                           "select_onet_education_rows",
                           {"occupation_code", "element_id", "scale_id", "category", "percent"},
                           4};

}  // namespace

StatusOr<std::optional<Occupation>> SqlOccupationRepository::Find(std::string_view code) {
  return FirstOf<Occupation>(conn_.Query(q_.Get("select_onet_occupation"), {std::string(code)}),
                             OccupationFrom);
}

StatusOr<std::vector<Occupation>> SqlOccupationRepository::List(
    const app::OccupationListQuery& query) {
  const std::int64_t limit = std::clamp(query.limit, 1, 1000);
  return AllOf<Occupation>(
      conn_.Query(q_.Get("select_onet_occupations"),
                  {std::int64_t{query.job_zone}, std::int64_t{query.job_zone}, query.soc_prefix,
                   static_cast<std::int64_t>(query.soc_prefix.size()), query.soc_prefix,
                   query.after_code, limit}),
      OccupationFrom);
}

StatusOr<std::int64_t> SqlOccupationRepository::Count() {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("count_onet_occupations"), {}));
  return rows.empty() ? 0 : rows.front().Int(0);
}

StatusOr<std::optional<Element>> SqlOccupationRepository::FindElement(std::string_view id) {
  return FirstOf<Element>(conn_.Query(q_.Get("select_onet_element"), {std::string(id)}),
                          ElementFrom);
}

StatusOr<std::vector<Element>> SqlOccupationRepository::ListElements(ElementKind kind) {
  return AllOf<Element>(conn_.Query(q_.Get("select_onet_elements_by_kind"),
                                    {std::string(domain::catalog::ElementKindName(kind))}),
                        ElementFrom);
}

StatusOr<std::vector<RatedElement>> SqlOccupationRepository::RatedElements(std::string_view code,
                                                                           ElementKind kind) {
  return AllOf<RatedElement>(
      conn_.Query(q_.Get("select_onet_rated_elements"),
                  {std::string(code), std::string(domain::catalog::ElementKindName(kind))}),
      [](const SqlRow& r) {
        return RatedElement{ElementFrom(r), r.Real(4), r.Real(5)};
      });
}

StatusOr<std::vector<ElementRating>> SqlOccupationRepository::AllRatings() {
  return AllOf<ElementRating>(conn_.Query(q_.Get("select_onet_ratings"), {}), [](const SqlRow& r) {
    return ElementRating{r.Text(0), r.Text(1), r.Real(2), r.Real(3), r.Bool(4), r.Bool(5)};
  });
}

StatusOr<std::vector<AlternateTitle>> SqlOccupationRepository::AlternateTitles(
    std::string_view code) {
  return AllOf<AlternateTitle>(
      conn_.Query(q_.Get("select_onet_alternate_titles"), {std::string(code)}),
      [](const SqlRow& r) {
        return AlternateTitle{r.Text(0), r.Text(1), r.Text(2)};
      });
}

StatusOr<std::vector<TechnologySkill>> SqlOccupationRepository::Technology(std::string_view code) {
  return AllOf<TechnologySkill>(
      conn_.Query(q_.Get("select_onet_technology"), {std::string(code)}), [](const SqlRow& r) {
        return TechnologySkill{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Bool(4), r.Bool(5)};
      });
}

StatusOr<std::vector<Task>> SqlOccupationRepository::Tasks(std::string_view code) {
  return AllOf<Task>(conn_.Query(q_.Get("select_onet_tasks"), {std::string(code)}),
                     [](const SqlRow& r) {
                       return Task{r.Text(0), r.Int(1), r.Text(2), r.Text(3)};
                     });
}

StatusOr<std::vector<DetailedWorkActivity>> SqlOccupationRepository::WorkActivities(
    std::string_view code) {
  return AllOf<DetailedWorkActivity>(
      conn_.Query(q_.Get("select_onet_work_activities"), {std::string(code)}), [](const SqlRow& r) {
        return DetailedWorkActivity{r.Text(0), r.Text(1), r.Text(2), r.Text(3)};
      });
}

StatusOr<std::vector<EducationRating>> SqlOccupationRepository::Education(std::string_view code) {
  return AllOf<EducationRating>(conn_.Query(q_.Get("select_onet_education"), {std::string(code)}),
                                [](const SqlRow& r) {
                                  return EducationRating{r.Text(0), r.Text(1), r.Text(2),
                                                         static_cast<int>(r.Int(3)), r.Real(4)};
                                });
}

StatusOr<std::vector<AlternateTitle>> SqlOccupationRepository::AllAlternateTitles() {
  return AllOf<AlternateTitle>(conn_.Query(q_.Get("select_onet_all_alternate_titles"), {}),
                               [](const SqlRow& r) {
                                 return AlternateTitle{r.Text(0), r.Text(1), r.Text(2)};
                               });
}

StatusOr<std::vector<TechnologySkill>> SqlOccupationRepository::AllTechnology() {
  return AllOf<TechnologySkill>(
      conn_.Query(q_.Get("select_onet_all_technology"), {}), [](const SqlRow& r) {
        return TechnologySkill{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Bool(4), r.Bool(5)};
      });
}

StatusOr<std::vector<std::pair<std::string, DetailedWorkActivity>>>
SqlOccupationRepository::AllWorkActivities() {
  using Link = std::pair<std::string, DetailedWorkActivity>;
  return AllOf<Link>(
      conn_.Query(q_.Get("select_onet_all_work_activities"), {}), [](const SqlRow& r) {
        return Link{r.Text(0), DetailedWorkActivity{r.Text(1), r.Text(2), r.Text(3), r.Text(4)}};
      });
}

StatusOr<std::vector<EducationRating>> SqlOccupationRepository::AllEducation() {
  return AllOf<
      EducationRating>(conn_.Query(q_.Get("select_onet_all_education"), {}), [](const SqlRow& r) {
    return EducationRating{r.Text(0), r.Text(1), r.Text(2), static_cast<int>(r.Int(3)), r.Real(4)};
  });
}

StatusOr<std::optional<OnetRelease>> SqlOccupationRepository::CurrentRelease() {
  return FirstOf<OnetRelease>(
      conn_.Query(q_.Get("select_onet_current_release"), {}), [](const SqlRow& r) {
        return OnetRelease{r.Text(0), r.Text(1), r.Time(2), r.Int(3), r.Int(4)};
      });
}

Status SqlOccupationRepository::ReplaceRelease(const app::OnetReleaseData& data) {
  TableRows occupations{&kOccupation, {}};
  occupations.values.reserve(data.occupations.size() * kOccupation.columns.size());
  for (const auto& o : data.occupations) {
    occupations.Add({o.code, o.title, o.description, std::int64_t{o.job_zone}});
  }
  TableRows elements{&kElement, {}};
  for (const auto& e : data.elements) {
    elements.Add(
        {e.id, e.name, e.description, std::string(domain::catalog::ElementKindName(e.kind))});
  }
  TableRows ratings{&kRating, {}};
  ratings.values.reserve(data.ratings.size() * kRating.columns.size());
  for (const auto& r : data.ratings) {
    ratings.Add({r.occupation_code, r.element_id, r.importance, r.level, Flag(r.suppressed),
                 Flag(r.not_relevant)});
  }
  TableRows titles{&kAlternateTitle, {}};
  titles.values.reserve(data.alternate_titles.size() * kAlternateTitle.columns.size());
  for (const auto& t : data.alternate_titles)
    titles.Add({t.occupation_code, t.title, t.short_title});
  TableRows technology{&kTechnology, {}};
  technology.values.reserve(data.technology.size() * kTechnology.columns.size());
  for (const auto& t : data.technology) {
    technology.Add({t.occupation_code, t.example, t.commodity_code, t.commodity_title, Flag(t.hot),
                    Flag(t.in_demand)});
  }
  TableRows tasks{&kTask, {}};
  tasks.values.reserve(data.tasks.size() * kTask.columns.size());
  for (const auto& t : data.tasks) tasks.Add({t.task_id, t.occupation_code, t.text, t.type});
  TableRows dwas{&kDwa, {}};
  for (const auto& d : data.dwas) dwas.Add({d.dwa_id, d.iwa_id, d.element_id, d.title});
  TableRows task_dwas{&kTaskDwa, {}};
  task_dwas.values.reserve(data.task_dwas.size() * kTaskDwa.columns.size());
  for (const auto& [task, dwa] : data.task_dwas) task_dwas.Add({task, dwa});
  TableRows education{&kEducation, {}};
  education.values.reserve(data.education.size() * kEducation.columns.size());
  for (const auto& e : data.education) {
    education.Add(
        {e.occupation_code, e.element_id, e.scale_id, std::int64_t{e.category}, e.percent});
  }

  const TableRows* const all[] = {&occupations, &elements, &ratings,   &titles,   &technology,
                                  &tasks,       &dwas,     &task_dwas, &education};
  std::unordered_map<const TableSpec*, TableDiff> diffs;
  for (const TableRows* rows : all) {
    RESKILL_ASSIGN_OR_RETURN(diffs[rows->spec], Diff(conn_, q_, *rows));
  }
  const auto upsert = [&](const TableRows& rows) {
    return UpsertRows(conn_, rows, diffs[rows.spec].upserts);
  };
  const auto remove = [&](const TableSpec& spec) {
    return DeleteRows(conn_, spec, diffs[&spec].deletes);
  };
  // Foreign keys are checked per statement on both engines, so the order matters: new parents
  // first; then removed children; then changed children (which may move to a new parent); the
  // removed parents last, when nothing refers to them any more.
  RESKILL_RETURN_IF_ERROR(upsert(occupations));
  RESKILL_RETURN_IF_ERROR(upsert(elements));
  for (const TableSpec* spec :
       {&kTaskDwa, &kRating, &kAlternateTitle, &kTechnology, &kEducation, &kTask, &kDwa}) {
    RESKILL_RETURN_IF_ERROR(remove(*spec));
  }
  for (const TableRows* rows :
       {&dwas, &tasks, &ratings, &titles, &technology, &education, &task_dwas}) {
    RESKILL_RETURN_IF_ERROR(upsert(*rows));
  }
  RESKILL_RETURN_IF_ERROR(remove(kElement));
  RESKILL_RETURN_IF_ERROR(remove(kOccupation));

  return conn_
      .Execute(q_.Get("insert_onet_release"),
               {data.release.version, data.release.fingerprint, TimeValue(data.release.imported_at),
                static_cast<std::int64_t>(data.occupations.size()),
                static_cast<std::int64_t>(data.ratings.size())})
      .status();
}

}  // namespace reskill::storage
