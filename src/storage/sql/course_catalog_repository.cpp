#include "storage/sql/course_catalog_repository.hpp"

#include <algorithm>
#include <set>

#include "common/strings.hpp"

namespace reskill::storage {

namespace {

using domain::catalog::Collection;
using domain::catalog::CollectionId;
using domain::catalog::Course;
using domain::catalog::CourseId;
using domain::catalog::LearningPath;
using domain::catalog::LearningPathId;
using domain::catalog::Provider;
using domain::catalog::ProviderId;

std::int64_t Bool(bool b) {
  return b ? 1 : 0;
}

// Maps a unique-key violation to a field-level error; other errors pass through.
Status OnDuplicate(Status st, std::string message, std::string field) {
  if (st.code() == ErrorCode::kAlreadyExists) {
    return AlreadyExists(std::move(message), std::move(field)).WithDetail(st.internal_detail());
  }
  return st;
}

// An UPDATE or DELETE that touched no row: the record does not exist in this tenant.
Status ChangedOne(StatusOr<std::int64_t> changed, std::string_view what) {
  if (!changed.ok()) return changed.status();
  if (*changed == 0) return NotFound("no such " + std::string(what));
  return Status::Ok();
}

std::string LicenseTypesCsv(const Provider& p) {
  std::string out;
  for (auto t : p.license_types) {
    if (!out.empty()) out += ',';
    out += domain::catalog::LicenseTypeName(t);
  }
  return out;
}

Provider ProviderFrom(const SqlRow& r) {
  Provider p;
  p.tenant_id = TenantId(r.Int(0));
  p.id = ProviderId(r.Int(1));
  p.slug = r.Text(2);
  p.name = r.Text(3);
  p.website = r.Text(4);
  const std::string types = r.Text(5);
  for (auto name : Split(types, ',')) {
    if (auto t = domain::catalog::ParseLicenseType(name)) p.license_types.push_back(*t);
  }
  p.created_at = r.Time(6);
  p.updated_at = r.Time(7);
  return p;
}

// Columns as in select_course_by_id.
Course CourseFrom(const SqlRow& r) {
  Course c;
  c.tenant_id = TenantId(r.Int(0));
  c.id = CourseId(r.Int(1));
  c.provider_id = ProviderId(r.Int(2));
  c.external_id = r.Text(3);
  c.url = r.Text(4);
  c.title = r.Text(5);
  c.description = r.Text(6);
  c.language = r.Text(7);
  c.estimated_hours = r.Real(8);
  c.level = domain::catalog::ParseCourseLevel(r.Text(9)).value_or(
      domain::catalog::CourseLevel::kIntroductory);
  c.is_free = r.Bool(10);
  c.offers_certificate = r.Bool(11);
  c.created_at = r.Time(12);
  c.updated_at = r.Time(13);
  return c;
}

LearningPath PathFrom(const SqlRow& r) {
  LearningPath p;
  p.tenant_id = TenantId(r.Int(0));
  p.id = LearningPathId(r.Int(1));
  p.name = r.Text(2);
  p.description = r.Text(3);
  p.is_introductory = r.Bool(4);
  p.created_at = r.Time(5);
  p.updated_at = r.Time(6);
  return p;
}

Collection CollectionFrom(const SqlRow& r) {
  Collection c;
  c.tenant_id = TenantId(r.Int(0));
  c.id = CollectionId(r.Int(1));
  c.name = r.Text(2);
  c.description = r.Text(3);
  c.theme = domain::catalog::ParseCollectionTheme(r.Text(4)).value_or(
      domain::catalog::CollectionTheme::kOther);
  c.created_at = r.Time(5);
  c.updated_at = r.Time(6);
  return c;
}

bool IsWordByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::string FullTextQuery(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !IsWordByte(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && IsWordByte(text[i])) ++i;
    if (i > start) {
      if (!out.empty()) out += ' ';
      out += '"';
      out += text.substr(start, i - start);
      out += '"';
    }
  }
  return out;
}

// --- Providers ---------------------------------------------------------------------------------

Status SqlCourseCatalogRepository::InsertProvider(const Provider& p) {
  return OnDuplicate(
      conn_
          .Execute(q_.Get("insert_provider"),
                   {p.tenant_id.value(), p.id.value(), p.slug, p.name, p.website,
                    LicenseTypesCsv(p), TimeValue(p.created_at), TimeValue(p.updated_at)})
          .status(),
      "the agency has a provider with this slug", "slug");
}

Status SqlCourseCatalogRepository::UpdateProvider(const Provider& p) {
  return OnDuplicate(
      ChangedOne(conn_.Execute(q_.Get("update_provider"),
                               {p.slug, p.name, p.website, LicenseTypesCsv(p),
                                TimeValue(p.updated_at), p.tenant_id.value(), p.id.value()}),
                 "provider"),
      "the agency has a provider with this slug", "slug");
}

Status SqlCourseCatalogRepository::DeleteProvider(TenantId tenant, ProviderId id) {
  return ChangedOne(conn_.Execute(q_.Get("delete_provider"), {tenant.value(), id.value()}),
                    "provider");
}

StatusOr<std::optional<Provider>> SqlCourseCatalogRepository::FindProvider(TenantId tenant,
                                                                           ProviderId id) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_provider_by_id"), {tenant.value(), id.value()}));
  if (rows.empty()) return std::optional<Provider>();
  return std::optional<Provider>(ProviderFrom(rows.front()));
}

StatusOr<std::optional<Provider>> SqlCourseCatalogRepository::FindProviderBySlug(
    TenantId tenant, std::string_view slug) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_provider_by_slug"),
                                                  {tenant.value(), std::string(slug)}));
  if (rows.empty()) return std::optional<Provider>();
  return std::optional<Provider>(ProviderFrom(rows.front()));
}

StatusOr<std::vector<Provider>> SqlCourseCatalogRepository::ListProviders(TenantId tenant) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_providers"), {tenant.value()}));
  std::vector<Provider> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(ProviderFrom(r));
  return out;
}

// --- Courses -----------------------------------------------------------------------------------

Status SqlCourseCatalogRepository::LoadSkills(Course& course) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_course_skills"),
                                                  {course.tenant_id.value(), course.id.value()}));
  course.skills.clear();
  for (const auto& r : rows) course.skills.push_back({r.Text(0), r.Real(1)});
  return Status::Ok();
}

Status SqlCourseCatalogRepository::WriteSkills(const Course& course) {
  RESKILL_RETURN_IF_ERROR(
      conn_.Execute(q_.Get("delete_course_skills"), {course.tenant_id.value(), course.id.value()})
          .status());
  std::int64_t position = 0;
  for (const auto& s : course.skills) {
    RESKILL_RETURN_IF_ERROR(OnDuplicate(
        conn_
            .Execute(q_.Get("insert_course_skill"), {course.tenant_id.value(), course.id.value(),
                                                     position++, s.element_id, s.target_level})
            .status(),
        "element " + s.element_id + " is listed twice", "skills"));
  }
  return Status::Ok();
}

StatusOr<std::vector<Course>> SqlCourseCatalogRepository::CoursesFromRows(const SqlRows& rows) {
  std::vector<Course> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    Course c = CourseFrom(r);
    RESKILL_RETURN_IF_ERROR(LoadSkills(c));
    out.push_back(std::move(c));
  }
  return out;
}

Status SqlCourseCatalogRepository::InsertCourse(const Course& c, std::string_view search_terms) {
  RESKILL_RETURN_IF_ERROR(OnDuplicate(
      conn_
          .Execute(q_.Get("insert_course"),
                   {c.tenant_id.value(), c.id.value(), c.provider_id.value(), c.external_id, c.url,
                    c.title, c.description, c.language, c.estimated_hours,
                    std::string(domain::catalog::CourseLevelName(c.level)), Bool(c.is_free),
                    Bool(c.offers_certificate), std::string(search_terms), TimeValue(c.created_at),
                    TimeValue(c.updated_at)})
          .status(),
      "the provider already has a course with this external id", "external_id"));
  return WriteSkills(c);
}

Status SqlCourseCatalogRepository::UpdateCourse(const Course& c, std::string_view search_terms) {
  RESKILL_RETURN_IF_ERROR(OnDuplicate(
      ChangedOne(
          conn_.Execute(
              q_.Get("update_course"),
              {c.provider_id.value(), c.external_id, c.url, c.title, c.description, c.language,
               c.estimated_hours, std::string(domain::catalog::CourseLevelName(c.level)),
               Bool(c.is_free), Bool(c.offers_certificate), std::string(search_terms),
               TimeValue(c.updated_at), c.tenant_id.value(), c.id.value()}),
          "course"),
      "the provider already has a course with this external id", "external_id"));
  return WriteSkills(c);
}

Status SqlCourseCatalogRepository::DeleteCourse(TenantId tenant, CourseId id) {
  return ChangedOne(conn_.Execute(q_.Get("delete_course"), {tenant.value(), id.value()}), "course");
}

StatusOr<std::optional<Course>> SqlCourseCatalogRepository::FindCourse(TenantId tenant,
                                                                       CourseId id) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_course_by_id"), {tenant.value(), id.value()}));
  RESKILL_ASSIGN_OR_RETURN(auto courses, CoursesFromRows(rows));
  if (courses.empty()) return std::optional<Course>();
  return std::optional<Course>(std::move(courses.front()));
}

StatusOr<std::optional<Course>> SqlCourseCatalogRepository::FindCourseByExternalId(
    TenantId tenant, ProviderId provider, std::string_view external_id) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_course_by_external_id"),
                             {tenant.value(), provider.value(), std::string(external_id)}));
  RESKILL_ASSIGN_OR_RETURN(auto courses, CoursesFromRows(rows));
  if (courses.empty()) return std::optional<Course>();
  return std::optional<Course>(std::move(courses.front()));
}

StatusOr<std::vector<Course>> SqlCourseCatalogRepository::ListCourses(TenantId tenant,
                                                                      const app::CourseQuery& q) {
  const std::int64_t provider = q.provider ? q.provider->value() : 0;
  const std::string level = q.level ? std::string(domain::catalog::CourseLevelName(*q.level)) : "";
  const std::int64_t limit = std::clamp(q.limit, 1, 10000);
  const std::int64_t offset = std::max(q.offset, 0);
  const std::string text = FullTextQuery(q.text);
  StatusOr<SqlRows> rows =
      text.empty()
          ? conn_.Query(q_.Get("select_courses"), {tenant.value(), provider, provider, level, level,
                                                   q.element_id, q.element_id, limit, offset})
          : conn_.Query(q_.Get("search_courses"),
                        {text, tenant.value(), provider, provider, level, level, q.element_id,
                         q.element_id, limit, offset});
  if (!rows.ok()) return rows.status();
  return CoursesFromRows(*rows);
}

StatusOr<std::int64_t> SqlCourseCatalogRepository::CountCourses(TenantId tenant,
                                                                const app::CourseQuery& q) {
  const std::int64_t provider = q.provider ? q.provider->value() : 0;
  const std::string level = q.level ? std::string(domain::catalog::CourseLevelName(*q.level)) : "";
  const std::string text = FullTextQuery(q.text);
  StatusOr<SqlRows> rows =
      text.empty()
          ? conn_.Query(q_.Get("count_courses"), {tenant.value(), provider, provider, level, level,
                                                  q.element_id, q.element_id})
          : conn_.Query(q_.Get("count_search_courses"), {text, tenant.value(), provider, provider,
                                                         level, level, q.element_id, q.element_id});
  if (!rows.ok()) return rows.status();
  return rows->empty() ? 0 : rows->front().Int(0);
}

StatusOr<std::vector<Course>> SqlCourseCatalogRepository::ListCoursesTeaching(
    TenantId tenant, std::span<const std::string> element_ids) {
  std::set<std::int64_t> ids;
  for (const auto& element : element_ids) {
    RESKILL_ASSIGN_OR_RETURN(
        auto rows, conn_.Query(q_.Get("select_course_ids_teaching"), {tenant.value(), element}));
    for (const auto& r : rows) ids.insert(r.Int(0));
  }
  std::vector<Course> out;
  for (auto id : ids) {
    RESKILL_ASSIGN_OR_RETURN(auto course, FindCourse(tenant, CourseId(id)));
    if (course) out.push_back(std::move(*course));
  }
  std::sort(out.begin(), out.end(), [](const Course& a, const Course& b) {
    const auto la = ToLower(a.title);
    const auto lb = ToLower(b.title);
    return la != lb ? la < lb : a.id < b.id;
  });
  return out;
}

StatusOr<std::vector<LearningPath>> SqlCourseCatalogRepository::ListPathsContainingCourse(
    TenantId tenant, CourseId id) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_learning_paths_with_course"),
                                                  {tenant.value(), id.value()}));
  return PathsFromRows(rows);
}

// --- Learning paths ----------------------------------------------------------------------------

Status SqlCourseCatalogRepository::LoadPathLists(LearningPath& path) {
  RESKILL_ASSIGN_OR_RETURN(auto courses, conn_.Query(q_.Get("select_learning_path_courses"),
                                                     {path.tenant_id.value(), path.id.value()}));
  path.course_ids.clear();
  for (const auto& r : courses) path.course_ids.emplace_back(r.Int(0));
  RESKILL_ASSIGN_OR_RETURN(auto codes, conn_.Query(q_.Get("select_learning_path_occupations"),
                                                   {path.tenant_id.value(), path.id.value()}));
  path.occupation_codes.clear();
  for (const auto& r : codes) path.occupation_codes.push_back(r.Text(0));
  return Status::Ok();
}

Status SqlCourseCatalogRepository::WritePathLists(const LearningPath& path) {
  const auto tenant = path.tenant_id.value();
  const auto id = path.id.value();
  RESKILL_RETURN_IF_ERROR(
      conn_.Execute(q_.Get("delete_learning_path_courses"), {tenant, id}).status());
  RESKILL_RETURN_IF_ERROR(
      conn_.Execute(q_.Get("delete_learning_path_occupations"), {tenant, id}).status());
  std::int64_t position = 0;
  for (auto course : path.course_ids) {
    RESKILL_RETURN_IF_ERROR(OnDuplicate(conn_
                                            .Execute(q_.Get("insert_learning_path_course"),
                                                     {tenant, id, position++, course.value()})
                                            .status(),
                                        "a course is listed twice", "course_ids"));
  }
  for (const auto& code : path.occupation_codes) {
    RESKILL_RETURN_IF_ERROR(OnDuplicate(
        conn_.Execute(q_.Get("insert_learning_path_occupation"), {tenant, id, code}).status(),
        "an occupation is listed twice", "occupation_codes"));
  }
  return Status::Ok();
}

StatusOr<std::vector<LearningPath>> SqlCourseCatalogRepository::PathsFromRows(const SqlRows& rows) {
  std::vector<LearningPath> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    LearningPath p = PathFrom(r);
    RESKILL_RETURN_IF_ERROR(LoadPathLists(p));
    out.push_back(std::move(p));
  }
  return out;
}

Status SqlCourseCatalogRepository::InsertLearningPath(const LearningPath& p) {
  RESKILL_RETURN_IF_ERROR(OnDuplicate(
      conn_
          .Execute(q_.Get("insert_learning_path"),
                   {p.tenant_id.value(), p.id.value(), p.name, p.description,
                    Bool(p.is_introductory), TimeValue(p.created_at), TimeValue(p.updated_at)})
          .status(),
      "the agency has a learning path with this name", "name"));
  return WritePathLists(p);
}

Status SqlCourseCatalogRepository::UpdateLearningPath(const LearningPath& p) {
  RESKILL_RETURN_IF_ERROR(OnDuplicate(
      ChangedOne(conn_.Execute(q_.Get("update_learning_path"),
                               {p.name, p.description, Bool(p.is_introductory),
                                TimeValue(p.updated_at), p.tenant_id.value(), p.id.value()}),
                 "learning path"),
      "the agency has a learning path with this name", "name"));
  return WritePathLists(p);
}

Status SqlCourseCatalogRepository::DeleteLearningPath(TenantId tenant, LearningPathId id) {
  return ChangedOne(conn_.Execute(q_.Get("delete_learning_path"), {tenant.value(), id.value()}),
                    "learning path");
}

StatusOr<std::optional<LearningPath>> SqlCourseCatalogRepository::FindLearningPath(
    TenantId tenant, LearningPathId id) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_learning_path_by_id"), {tenant.value(), id.value()}));
  RESKILL_ASSIGN_OR_RETURN(auto paths, PathsFromRows(rows));
  if (paths.empty()) return std::optional<LearningPath>();
  return std::optional<LearningPath>(std::move(paths.front()));
}

StatusOr<std::optional<LearningPath>> SqlCourseCatalogRepository::FindLearningPathByName(
    TenantId tenant, std::string_view name) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_learning_path_by_name"),
                                                  {tenant.value(), std::string(name)}));
  RESKILL_ASSIGN_OR_RETURN(auto paths, PathsFromRows(rows));
  if (paths.empty()) return std::optional<LearningPath>();
  return std::optional<LearningPath>(std::move(paths.front()));
}

StatusOr<std::vector<LearningPath>> SqlCourseCatalogRepository::ListLearningPaths(TenantId tenant) {
  RESKILL_ASSIGN_OR_RETURN(auto rows,
                           conn_.Query(q_.Get("select_learning_paths"), {tenant.value()}));
  return PathsFromRows(rows);
}

StatusOr<std::vector<LearningPath>> SqlCourseCatalogRepository::ListLearningPathsForOccupation(
    TenantId tenant, std::string_view code) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_learning_paths_for_occupation"),
                                                  {tenant.value(), std::string(code)}));
  return PathsFromRows(rows);
}

StatusOr<std::vector<Collection>> SqlCourseCatalogRepository::ListCollectionsContainingPath(
    TenantId tenant, LearningPathId id) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_collections_with_path"), {tenant.value(), id.value()}));
  return CollectionsFromRows(rows);
}

// --- Collections -------------------------------------------------------------------------------

Status SqlCourseCatalogRepository::LoadCollectionPaths(Collection& c) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_collection_paths"),
                                                  {c.tenant_id.value(), c.id.value()}));
  c.path_ids.clear();
  for (const auto& r : rows) c.path_ids.emplace_back(r.Int(0));
  return Status::Ok();
}

Status SqlCourseCatalogRepository::WriteCollectionPaths(const Collection& c) {
  RESKILL_RETURN_IF_ERROR(
      conn_.Execute(q_.Get("delete_collection_paths"), {c.tenant_id.value(), c.id.value()})
          .status());
  std::int64_t position = 0;
  for (auto path : c.path_ids) {
    RESKILL_RETURN_IF_ERROR(
        OnDuplicate(conn_
                        .Execute(q_.Get("insert_collection_path"),
                                 {c.tenant_id.value(), c.id.value(), position++, path.value()})
                        .status(),
                    "a learning path is listed twice", "path_ids"));
  }
  return Status::Ok();
}

StatusOr<std::vector<Collection>> SqlCourseCatalogRepository::CollectionsFromRows(
    const SqlRows& rows) {
  std::vector<Collection> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    Collection c = CollectionFrom(r);
    RESKILL_RETURN_IF_ERROR(LoadCollectionPaths(c));
    out.push_back(std::move(c));
  }
  return out;
}

Status SqlCourseCatalogRepository::InsertCollection(const Collection& c) {
  RESKILL_RETURN_IF_ERROR(
      OnDuplicate(conn_
                      .Execute(q_.Get("insert_collection"),
                               {c.tenant_id.value(), c.id.value(), c.name, c.description,
                                std::string(domain::catalog::CollectionThemeName(c.theme)),
                                TimeValue(c.created_at), TimeValue(c.updated_at)})
                      .status(),
                  "the agency has a collection with this name", "name"));
  return WriteCollectionPaths(c);
}

Status SqlCourseCatalogRepository::UpdateCollection(const Collection& c) {
  RESKILL_RETURN_IF_ERROR(OnDuplicate(
      ChangedOne(conn_.Execute(q_.Get("update_collection"),
                               {c.name, c.description,
                                std::string(domain::catalog::CollectionThemeName(c.theme)),
                                TimeValue(c.updated_at), c.tenant_id.value(), c.id.value()}),
                 "collection"),
      "the agency has a collection with this name", "name"));
  return WriteCollectionPaths(c);
}

Status SqlCourseCatalogRepository::DeleteCollection(TenantId tenant, CollectionId id) {
  return ChangedOne(conn_.Execute(q_.Get("delete_collection"), {tenant.value(), id.value()}),
                    "collection");
}

StatusOr<std::optional<Collection>> SqlCourseCatalogRepository::FindCollection(TenantId tenant,
                                                                               CollectionId id) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_collection_by_id"), {tenant.value(), id.value()}));
  RESKILL_ASSIGN_OR_RETURN(auto collections, CollectionsFromRows(rows));
  if (collections.empty()) return std::optional<Collection>();
  return std::optional<Collection>(std::move(collections.front()));
}

StatusOr<std::vector<Collection>> SqlCourseCatalogRepository::ListCollections(TenantId tenant) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_collections"), {tenant.value()}));
  return CollectionsFromRows(rows);
}

}  // namespace reskill::storage
