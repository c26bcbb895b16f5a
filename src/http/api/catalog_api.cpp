#include "http/api/catalog_api.hpp"

#include <charconv>

#include "app/catalog/course_catalog.hpp"
#include "http/json.hpp"
#include "http/services.hpp"

namespace reskill::http::api {

namespace {

using app::catalog::CollectionView;
using app::catalog::CourseView;
using app::catalog::LearningPathSummary;
using app::catalog::LearningPathView;
using domain::catalog::CollectionId;
using domain::catalog::CourseId;
using domain::catalog::LearningPathId;
using domain::catalog::Provider;
using domain::catalog::ProviderId;

// --- Responses ---------------------------------------------------------------------------------

Json ProviderJson(const Provider& p) {
  Json types = Json::array();
  for (auto t : p.license_types) types.push_back(domain::catalog::LicenseTypeName(t));
  return {{"id", IdString(p.id.value())},
          {"slug", p.slug},
          {"name", p.name},
          {"website", p.website},
          {"license_types", std::move(types)},
          {"created_at", FormatIso8601(p.created_at)},
          {"updated_at", FormatIso8601(p.updated_at)}};
}

Json ProviderRef(const Provider& p) {
  return {{"id", IdString(p.id.value())}, {"slug", p.slug}, {"name", p.name}};
}

Json CourseJson(const CourseView& v) {
  const auto& c = v.course;
  Json skills = Json::array();
  for (std::size_t i = 0; i < c.skills.size(); ++i) {
    skills.push_back({{"element_id", c.skills[i].element_id},
                      {"element_name", i < v.element_names.size() ? v.element_names[i] : ""},
                      {"target_level", c.skills[i].target_level}});
  }
  return {{"id", IdString(c.id.value())},
          {"provider", ProviderRef(v.provider)},
          {"external_id", c.external_id},
          {"url", c.url},
          {"title", c.title},
          {"description", c.description},
          {"language", c.language},
          {"estimated_hours", c.estimated_hours},
          {"level", domain::catalog::CourseLevelName(c.level)},
          {"free", c.is_free},
          {"certificate", c.offers_certificate},
          {"skills", std::move(skills)},
          {"created_at", FormatIso8601(c.created_at)},
          {"updated_at", FormatIso8601(c.updated_at)}};
}

Json PathSummaryJson(const LearningPathSummary& s) {
  const auto& p = s.path;
  return {{"id", IdString(p.id.value())},
          {"name", p.name},
          {"description", p.description},
          {"introductory", p.is_introductory},
          {"course_count", p.course_ids.size()},
          {"total_hours", s.total_hours},
          {"occupation_codes", p.occupation_codes},
          {"created_at", FormatIso8601(p.created_at)},
          {"updated_at", FormatIso8601(p.updated_at)}};
}

Json PathJson(const LearningPathView& v) {
  const auto& p = v.path;
  Json courses = Json::array();
  for (const auto& c : v.courses) {
    courses.push_back({{"id", IdString(c.course.id.value())},
                       {"title", c.course.title},
                       {"provider", ProviderRef(c.provider)},
                       {"estimated_hours", c.course.estimated_hours},
                       {"level", domain::catalog::CourseLevelName(c.course.level)}});
  }
  Json occupations = Json::array();
  for (const auto& o : v.occupations) occupations.push_back({{"code", o.code}, {"title", o.title}});
  return {{"id", IdString(p.id.value())},
          {"name", p.name},
          {"description", p.description},
          {"introductory", p.is_introductory},
          {"total_hours", v.total_hours},
          {"courses", std::move(courses)},
          {"occupations", std::move(occupations)},
          {"created_at", FormatIso8601(p.created_at)},
          {"updated_at", FormatIso8601(p.updated_at)}};
}

Json CollectionJson(const CollectionView& v) {
  const auto& c = v.collection;
  Json paths = Json::array();
  for (const auto& s : v.paths) {
    paths.push_back({{"id", IdString(s.path.id.value())},
                     {"name", s.path.name},
                     {"introductory", s.path.is_introductory},
                     {"total_hours", s.total_hours}});
  }
  return {{"id", IdString(c.id.value())},
          {"name", c.name},
          {"description", c.description},
          {"theme", domain::catalog::CollectionThemeName(c.theme)},
          {"paths", std::move(paths)},
          {"created_at", FormatIso8601(c.created_at)},
          {"updated_at", FormatIso8601(c.updated_at)}};
}

Response Created(const Json& body, const std::string& location) {
  Response r = JsonResponse(201, body);
  r.SetHeader("Location", location);
  return r;
}

// --- Request readers ---------------------------------------------------------------------------

StatusOr<std::optional<double>> OptionalNumber(const Json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<double>();
  if (!it->is_number()) return InvalidArgument(std::string(key) + " must be a number", key);
  return std::optional<double>(it->get<double>());
}

// An array of ids, each a string of digits (ids travel as strings, see IdString).
StatusOr<std::optional<std::vector<std::int64_t>>> OptionalIdArray(const Json& body,
                                                                   const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<std::vector<std::int64_t>>();
  if (!it->is_array()) {
    return InvalidArgument(std::string(key) + " must be an array of ids", key);
  }
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& v = (*it)[i];
    const std::string field = std::string(key) + "[" + std::to_string(i) + "]";
    if (!v.is_string()) return InvalidArgument("an id is a string of digits", field);
    auto id = ParseIdParam(v.get<std::string>(), "record");
    if (!id.ok()) return InvalidArgument("an id is a string of digits", field);
    out.push_back(*id);
  }
  return std::optional<std::vector<std::int64_t>>(std::move(out));
}

StatusOr<std::optional<std::vector<domain::catalog::CourseSkill>>> OptionalSkills(
    const Json& body) {
  auto it = body.find("skills");
  if (it == body.end() || it->is_null()) {
    return std::optional<std::vector<domain::catalog::CourseSkill>>();
  }
  if (!it->is_array()) {
    return InvalidArgument("skills must be an array of {element_id, target_level}", "skills");
  }
  std::vector<domain::catalog::CourseSkill> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& v = (*it)[i];
    const std::string field = "skills[" + std::to_string(i) + "]";
    if (!v.is_object()) {
      return InvalidArgument("a skill is an object {element_id, target_level}", field);
    }
    for (const auto& [k, value] : v.items()) {
      if (k != "element_id" && k != "target_level") {
        return InvalidArgument("unknown field " + k, field + "." + k);
      }
    }
    auto id = v.find("element_id");
    if (id == v.end() || !id->is_string()) {
      return InvalidArgument("element_id is a string such as \"2.A.1.a\"", field + ".element_id");
    }
    auto level = v.find("target_level");
    if (level == v.end() || !level->is_number()) {
      return InvalidArgument("target_level is a number from 0 to 7", field + ".target_level");
    }
    out.push_back({id->get<std::string>(), level->get<double>()});
  }
  return std::optional<std::vector<domain::catalog::CourseSkill>>(std::move(out));
}

StatusOr<std::optional<std::vector<domain::catalog::LicenseType>>> OptionalLicenseTypes(
    const Json& body) {
  auto names = OptionalStringArray(body, "license_types");
  if (!names.ok()) return names.status();
  if (!*names) return std::optional<std::vector<domain::catalog::LicenseType>>();
  std::vector<domain::catalog::LicenseType> out;
  for (std::size_t i = 0; i < (*names)->size(); ++i) {
    auto t = domain::catalog::ParseLicenseType((**names)[i]);
    if (!t) {
      return InvalidArgument("license types are free, seat, site and purchase",
                             "license_types[" + std::to_string(i) + "]");
    }
    out.push_back(*t);
  }
  return std::optional<std::vector<domain::catalog::LicenseType>>(std::move(out));
}

StatusOr<std::optional<domain::catalog::CourseLevel>> OptionalLevel(const Json& body) {
  auto name = OptionalString(body, "level");
  if (!name.ok()) return name.status();
  if (!*name) return std::optional<domain::catalog::CourseLevel>();
  auto level = domain::catalog::ParseCourseLevel(**name);
  if (!level) return InvalidArgument("level is introductory, intermediate or advanced", "level");
  return std::optional<domain::catalog::CourseLevel>(*level);
}

StatusOr<std::optional<domain::catalog::CollectionTheme>> OptionalTheme(const Json& body) {
  auto name = OptionalString(body, "theme");
  if (!name.ok()) return name.status();
  if (!*name) return std::optional<domain::catalog::CollectionTheme>();
  auto theme = domain::catalog::ParseCollectionTheme(**name);
  if (!theme) {
    return InvalidArgument(
        "theme is job_readiness, displaced_worker_retraining, digital_literacy, "
        "entrepreneurship, job_search_and_self_care or other",
        "theme");
  }
  return std::optional<domain::catalog::CollectionTheme>(*theme);
}

Status Missing(const char* field) {
  return InvalidArgument(std::string(field) + " is required", field);
}

StatusOr<int> IntParam(const Request& request, const char* name, int fallback) {
  auto text = request.Query(name);
  if (!text) return fallback;
  int value = 0;
  const auto* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (text->empty() || ec != std::errc() || ptr != end) {
    return InvalidArgument(std::string(name) + " must be an integer", name);
  }
  return value;
}

// The fields of a provider body, for create (all) and patch (present ones).
StatusOr<app::catalog::ProviderPatch> ReadProvider(const Json& body) {
  app::catalog::ProviderPatch p;
  RESKILL_ASSIGN_OR_RETURN(p.slug, OptionalString(body, "slug"));
  RESKILL_ASSIGN_OR_RETURN(p.name, OptionalString(body, "name"));
  RESKILL_ASSIGN_OR_RETURN(p.website, OptionalString(body, "website"));
  RESKILL_ASSIGN_OR_RETURN(p.license_types, OptionalLicenseTypes(body));
  return p;
}

StatusOr<app::catalog::CoursePatch> ReadCourse(const Json& body) {
  app::catalog::CoursePatch p;
  auto provider = OptionalString(body, "provider_id");
  if (!provider.ok()) return provider.status();
  if (*provider) {
    auto id = ParseIdParam(**provider, "provider");
    if (!id.ok()) return InvalidArgument("no such provider", "provider_id");
    p.provider_id = ProviderId(*id);
  }
  RESKILL_ASSIGN_OR_RETURN(p.external_id, OptionalString(body, "external_id"));
  RESKILL_ASSIGN_OR_RETURN(p.url, OptionalString(body, "url"));
  RESKILL_ASSIGN_OR_RETURN(p.title, OptionalString(body, "title"));
  RESKILL_ASSIGN_OR_RETURN(p.description, OptionalString(body, "description"));
  RESKILL_ASSIGN_OR_RETURN(p.language, OptionalString(body, "language"));
  RESKILL_ASSIGN_OR_RETURN(p.estimated_hours, OptionalNumber(body, "estimated_hours"));
  RESKILL_ASSIGN_OR_RETURN(p.level, OptionalLevel(body));
  RESKILL_ASSIGN_OR_RETURN(p.is_free, OptionalBool(body, "free"));
  RESKILL_ASSIGN_OR_RETURN(p.offers_certificate, OptionalBool(body, "certificate"));
  RESKILL_ASSIGN_OR_RETURN(p.skills, OptionalSkills(body));
  return p;
}

StatusOr<app::catalog::LearningPathPatch> ReadPath(const Json& body) {
  app::catalog::LearningPathPatch p;
  RESKILL_ASSIGN_OR_RETURN(p.name, OptionalString(body, "name"));
  RESKILL_ASSIGN_OR_RETURN(p.description, OptionalString(body, "description"));
  RESKILL_ASSIGN_OR_RETURN(p.is_introductory, OptionalBool(body, "introductory"));
  RESKILL_ASSIGN_OR_RETURN(auto ids, OptionalIdArray(body, "course_ids"));
  if (ids) {
    p.course_ids.emplace();
    for (auto id : *ids) p.course_ids->emplace_back(id);
  }
  RESKILL_ASSIGN_OR_RETURN(p.occupation_codes, OptionalStringArray(body, "occupation_codes"));
  return p;
}

StatusOr<app::catalog::CollectionPatch> ReadCollection(const Json& body) {
  app::catalog::CollectionPatch p;
  RESKILL_ASSIGN_OR_RETURN(p.name, OptionalString(body, "name"));
  RESKILL_ASSIGN_OR_RETURN(p.description, OptionalString(body, "description"));
  RESKILL_ASSIGN_OR_RETURN(p.theme, OptionalTheme(body));
  RESKILL_ASSIGN_OR_RETURN(auto ids, OptionalIdArray(body, "path_ids"));
  if (ids) {
    p.path_ids.emplace();
    for (auto id : *ids) p.path_ids->emplace_back(id);
  }
  return p;
}

const std::initializer_list<std::string_view> kProviderKeys = {"slug", "name", "website",
                                                               "license_types"};
const std::initializer_list<std::string_view> kCourseKeys = {
    "provider_id",     "external_id", "url",  "title",       "description", "language",
    "estimated_hours", "level",       "free", "certificate", "skills"};
const std::initializer_list<std::string_view> kPathKeys = {"name", "description", "introductory",
                                                           "course_ids", "occupation_codes"};
const std::initializer_list<std::string_view> kCollectionKeys = {"name", "description", "theme",
                                                                 "path_ids"};

}  // namespace

// --- Providers ---------------------------------------------------------------------------------

Response ListProviders(RequestContext& ctx) {
  auto providers = app::catalog::ReadCatalog(ctx.services.app).ListProviders(ctx.principal);
  if (!providers.ok()) return ErrorResponse(ctx, providers.status());
  Json items = Json::array();
  for (const auto& p : *providers) items.push_back(ProviderJson(p));
  return JsonResponse(200, {{"items", std::move(items)}});
}

Response CreateProvider(RequestContext& ctx) {
  auto body = ParseJsonObject(ctx.request, kProviderKeys);
  if (!body.ok()) return ErrorResponse(ctx, body.status());
  auto in = ReadProvider(*body);
  if (!in.ok()) return ErrorResponse(ctx, in.status());
  for (auto [present, field] :
       {std::pair{in->slug.has_value(), "slug"}, std::pair{in->name.has_value(), "name"},
        std::pair{in->license_types.has_value(), "license_types"}}) {
    if (!present) return ErrorResponse(ctx, Missing(field));
  }
  Provider draft;
  draft.slug = *in->slug;
  draft.name = *in->name;
  draft.website = in->website.value_or("");
  draft.license_types = *in->license_types;
  auto created =
      app::catalog::ManageProviders(ctx.services.app).Create(ctx.principal, draft, ctx.info);
  if (!created.ok()) return ErrorResponse(ctx, created.status());
  return Created(ProviderJson(*created), "/api/v1/providers/" + IdString(created->id.value()));
}

Response GetProvider(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "provider");
  if (!id.ok()) return ErrorResponse(ctx, id.status());
  auto p = app::catalog::ReadCatalog(ctx.services.app).GetProvider(ctx.principal, ProviderId(*id));
  if (!p.ok()) return ErrorResponse(ctx, p.status());
  return JsonResponse(200, ProviderJson(*p));
}

Response PatchProvider(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "provider");
  if (!id.ok()) return ErrorResponse(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, kProviderKeys);
  if (!body.ok()) return ErrorResponse(ctx, body.status());
  auto patch = ReadProvider(*body);
  if (!patch.ok()) return ErrorResponse(ctx, patch.status());
  auto p = app::catalog::ManageProviders(ctx.services.app)
               .Update(ctx.principal, ProviderId(*id), *patch, ctx.info);
  if (!p.ok()) return ErrorResponse(ctx, p.status());
  return JsonResponse(200, ProviderJson(*p));
}

Response DeleteProvider(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "provider");
  if (!id.ok()) return ErrorResponse(ctx, id.status());
  Status st = app::catalog::ManageProviders(ctx.services.app)
                  .Delete(ctx.principal, ProviderId(*id), ctx.info);
  if (!st.ok()) return ErrorResponse(ctx, st);
  return NoContent();
}

// --- Courses -----------------------------------------------------------------------------------

Response ListCourses(RequestContext& ctx) {
  const auto& req = ctx.request;
  app::CourseQuery q;
  q.text = std::string(req.Query("q").value_or(""));
  q.element_id = std::string(req.Query("skill").value_or(""));
  if (auto provider = req.Query("provider"); provider && !provider->empty()) {
    auto id = ParseIdParam(*provider, "provider");
    if (!id.ok()) {
      return ErrorResponse(ctx, InvalidArgument("provider is a provider id", "provider"));
    }
    q.provider = ProviderId(*id);
  }
  if (auto level = req.Query("level"); level && !level->empty()) {
    q.level = domain::catalog::ParseCourseLevel(*level);
    if (!q.level) {
      return ErrorResponse(
          ctx, InvalidArgument("level is introductory, intermediate or advanced", "level"));
    }
  }
  auto limit = IntParam(req, "limit", 50);
  if (!limit.ok()) return ErrorResponse(ctx, limit.status());
  auto offset = IntParam(req, "offset", 0);
  if (!offset.ok()) return ErrorResponse(ctx, offset.status());
  q.limit = *limit;
  q.offset = *offset;
  auto page = app::catalog::ReadCatalog(ctx.services.app).SearchCourses(ctx.principal, q);
  if (!page.ok()) return ErrorResponse(ctx, page.status());
  Json items = Json::array();
  for (const auto& v : page->items) items.push_back(CourseJson(v));
  Json out = {{"items", std::move(items)}, {"total", page->total}};
  if (q.offset + static_cast<std::int64_t>(page->items.size()) < page->total &&
      !page->items.empty()) {
    std::string next = "/api/v1/courses?limit=" + std::to_string(q.limit) +
                       "&offset=" + std::to_string(q.offset + q.limit);
    if (!q.text.empty()) next += "&q=" + PercentEncode(q.text);
    if (q.provider) next += "&provider=" + IdString(q.provider->value());
    if (!q.element_id.empty()) next += "&skill=" + PercentEncode(q.element_id);
    if (q.level) next += "&level=" + std::string(domain::catalog::CourseLevelName(*q.level));
    out["next"] = next;
  }
  return JsonResponse(200, out);
}

Response CreateCourse(RequestContext& ctx) {
  auto body = ParseJsonObject(ctx.request, kCourseKeys);
  if (!body.ok()) return ErrorResponse(ctx, body.status());
  auto in = ReadCourse(*body);
  if (!in.ok()) return ErrorResponse(ctx, in.status());
  for (auto [present, field] :
       {std::pair{in->provider_id.has_value(), "provider_id"},
        std::pair{in->external_id.has_value(), "external_id"},
        std::pair{in->url.has_value(), "url"}, std::pair{in->title.has_value(), "title"},
        std::pair{in->language.has_value(), "language"},
        std::pair{in->estimated_hours.has_value(), "estimated_hours"},
        std::pair{in->level.has_value(), "level"}}) {
    if (!present) return ErrorResponse(ctx, Missing(field));
  }
  domain::catalog::Course draft;
  draft.provider_id = *in->provider_id;
  draft.external_id = *in->external_id;
  draft.url = *in->url;
  draft.title = *in->title;
  draft.description = in->description.value_or("");
  draft.language = *in->language;
  draft.estimated_hours = *in->estimated_hours;
  draft.level = *in->level;
  draft.is_free = in->is_free.value_or(false);
  draft.offers_certificate = in->offers_certificate.value_or(false);
  draft.skills = in->skills.value_or(std::vector<domain::catalog::CourseSkill>{});
  auto created =
      app::catalog::ManageCourses(ctx.services.app).Create(ctx.principal, draft, ctx.info);
  if (!created.ok()) return ErrorResponse(ctx, created.status());
  return Created(CourseJson(*created), "/api/v1/courses/" + IdString(created->course.id.value()));
}

Response GetCourse(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "course");
  if (!id.ok()) return ErrorResponse(ctx, id.status());
  auto detail = app::catalog::ReadCatalog(ctx.services.app).GetCourse(ctx.principal, CourseId(*id));
  if (!detail.ok()) return ErrorResponse(ctx, detail.status());
  Json out = CourseJson(detail->view);
  Json paths = Json::array();
  for (const auto& p : detail->paths) {
    paths.push_back({{"id", IdString(p.id.value())}, {"name", p.name}});
  }
  out["learning_paths"] = std::move(paths);
  return JsonResponse(200, out);
}

Response PatchCourse(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "course");
  if (!id.ok()) return ErrorResponse(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, kCourseKeys);
  if (!body.ok()) return ErrorResponse(ctx, body.status());
  auto patch = ReadCourse(*body);
  if (!patch.ok()) return ErrorResponse(ctx, patch.status());
  auto v = app::catalog::ManageCourses(ctx.services.app)
               .Update(ctx.principal, CourseId(*id), *patch, ctx.info);
  if (!v.ok()) return ErrorResponse(ctx, v.status());
  return JsonResponse(200, CourseJson(*v));
}

Response DeleteCourse(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "course");
  if (!id.ok()) return ErrorResponse(ctx, id.status());
  Status st =
      app::catalog::ManageCourses(ctx.services.app).Delete(ctx.principal, CourseId(*id), ctx.info);
  if (!st.ok()) return ErrorResponse(ctx, st);
  return NoContent();
}

// --- Learning paths ----------------------------------------------------------------------------

Response ListLearningPaths(RequestContext& ctx) {
  auto paths = app::catalog::ReadCatalog(ctx.services.app).ListLearningPaths(ctx.principal);
  if (!paths.ok()) return ErrorResponse(ctx, paths.status());
  Json items = Json::array();
  for (const auto& s : *paths) items.push_back(PathSummaryJson(s));
  return JsonResponse(200, {{"items", std::move(items)}});
}

Response CreateLearningPath(RequestContext& ctx) {
  auto body = ParseJsonObject(ctx.request, kPathKeys);
  if (!body.ok()) return ErrorResponse(ctx, body.status());
  auto in = ReadPath(*body);
  if (!in.ok()) return ErrorResponse(ctx, in.status());
  if (!in->name) return ErrorResponse(ctx, Missing("name"));
  if (!in->course_ids) return ErrorResponse(ctx, Missing("course_ids"));
  domain::catalog::LearningPath draft;
  draft.name = *in->name;
  draft.description = in->description.value_or("");
  draft.is_introductory = in->is_introductory.value_or(false);
  draft.course_ids = *in->course_ids;
  draft.occupation_codes = in->occupation_codes.value_or(std::vector<std::string>{});
  auto created =
      app::catalog::ManageLearningPaths(ctx.services.app).Create(ctx.principal, draft, ctx.info);
  if (!created.ok()) return ErrorResponse(ctx, created.status());
  return Created(PathJson(*created),
                 "/api/v1/learning-paths/" + IdString(created->path.id.value()));
}

Response GetLearningPath(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "learning path");
  if (!id.ok()) return ErrorResponse(ctx, id.status());
  auto v = app::catalog::ReadCatalog(ctx.services.app)
               .GetLearningPath(ctx.principal, LearningPathId(*id));
  if (!v.ok()) return ErrorResponse(ctx, v.status());
  return JsonResponse(200, PathJson(*v));
}

Response PatchLearningPath(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "learning path");
  if (!id.ok()) return ErrorResponse(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, kPathKeys);
  if (!body.ok()) return ErrorResponse(ctx, body.status());
  auto patch = ReadPath(*body);
  if (!patch.ok()) return ErrorResponse(ctx, patch.status());
  auto v = app::catalog::ManageLearningPaths(ctx.services.app)
               .Update(ctx.principal, LearningPathId(*id), *patch, ctx.info);
  if (!v.ok()) return ErrorResponse(ctx, v.status());
  return JsonResponse(200, PathJson(*v));
}

Response DeleteLearningPath(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "learning path");
  if (!id.ok()) return ErrorResponse(ctx, id.status());
  Status st = app::catalog::ManageLearningPaths(ctx.services.app)
                  .Delete(ctx.principal, LearningPathId(*id), ctx.info);
  if (!st.ok()) return ErrorResponse(ctx, st);
  return NoContent();
}

// --- Collections -------------------------------------------------------------------------------

Response ListCollections(RequestContext& ctx) {
  auto collections = app::catalog::ReadCatalog(ctx.services.app).ListCollections(ctx.principal);
  if (!collections.ok()) return ErrorResponse(ctx, collections.status());
  Json items = Json::array();
  for (const auto& c : *collections) items.push_back(CollectionJson(c));
  return JsonResponse(200, {{"items", std::move(items)}});
}

Response CreateCollection(RequestContext& ctx) {
  auto body = ParseJsonObject(ctx.request, kCollectionKeys);
  if (!body.ok()) return ErrorResponse(ctx, body.status());
  auto in = ReadCollection(*body);
  if (!in.ok()) return ErrorResponse(ctx, in.status());
  if (!in->name) return ErrorResponse(ctx, Missing("name"));
  if (!in->theme) return ErrorResponse(ctx, Missing("theme"));
  domain::catalog::Collection draft;
  draft.name = *in->name;
  draft.description = in->description.value_or("");
  draft.theme = *in->theme;
  draft.path_ids = in->path_ids.value_or(std::vector<LearningPathId>{});
  auto created =
      app::catalog::ManageCollections(ctx.services.app).Create(ctx.principal, draft, ctx.info);
  if (!created.ok()) return ErrorResponse(ctx, created.status());
  return Created(CollectionJson(*created),
                 "/api/v1/collections/" + IdString(created->collection.id.value()));
}

Response GetCollection(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "collection");
  if (!id.ok()) return ErrorResponse(ctx, id.status());
  auto v =
      app::catalog::ReadCatalog(ctx.services.app).GetCollection(ctx.principal, CollectionId(*id));
  if (!v.ok()) return ErrorResponse(ctx, v.status());
  return JsonResponse(200, CollectionJson(*v));
}

Response PatchCollection(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "collection");
  if (!id.ok()) return ErrorResponse(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, kCollectionKeys);
  if (!body.ok()) return ErrorResponse(ctx, body.status());
  auto patch = ReadCollection(*body);
  if (!patch.ok()) return ErrorResponse(ctx, patch.status());
  auto v = app::catalog::ManageCollections(ctx.services.app)
               .Update(ctx.principal, CollectionId(*id), *patch, ctx.info);
  if (!v.ok()) return ErrorResponse(ctx, v.status());
  return JsonResponse(200, CollectionJson(*v));
}

Response DeleteCollection(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "collection");
  if (!id.ok()) return ErrorResponse(ctx, id.status());
  Status st = app::catalog::ManageCollections(ctx.services.app)
                  .Delete(ctx.principal, CollectionId(*id), ctx.info);
  if (!st.ok()) return ErrorResponse(ctx, st);
  return NoContent();
}

}  // namespace reskill::http::api
