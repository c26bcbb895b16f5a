#include "http/web/catalog_pages.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include <nlohmann/json.hpp>

#include "app/catalog/course_catalog.hpp"
#include "common/strings.hpp"
#include "http/error_mapping.hpp"
#include "http/json.hpp"
#include "http/web/pages.hpp"
#include "http/web/templates.hpp"

namespace reskill::http::web {

namespace {

using app::catalog::CollectionView;
using app::catalog::CourseDetail;
using app::catalog::CourseView;
using app::catalog::LearningPathSummary;
using app::catalog::LearningPathView;
using domain::catalog::CollectionId;
using domain::catalog::CourseId;
using domain::catalog::FormatNumber;
using domain::catalog::LearningPathId;
using domain::catalog::Provider;
using domain::catalog::ProviderId;
using domain::programs::Role;
using domain::programs::RoleSet;

constexpr int kCoursesPerPage = 25;

bool CanEdit(const RequestContext& ctx) {
  return ctx.principal.roles.Intersects(RoleSet{Role::kCurator, Role::kAdmin});
}

// The model every catalogue page shares: which section is open and whether forms are shown.
Json Base(const RequestContext& ctx, std::string_view section) {
  return {
      {"can_edit", CanEdit(ctx)}, {"section", {{std::string(section), true}}}, {"notice", Json()}};
}

void Notice(const RequestContext& ctx, Json& model) {
  for (const char* flag : {"created", "saved", "deleted"}) {
    if (ctx.request.Query(flag)) model["notice"] = Msg(ctx, std::string("courses.") + flag);
  }
}

std::optional<std::int64_t> ParsePositive(std::string_view text) {
  std::int64_t v = 0;
  text = Trim(text);
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end || v <= 0) return std::nullopt;
  return v;
}

Json Options(const std::vector<std::pair<std::string, std::string>>& values,
             const std::string& selected) {
  Json out = Json::array();
  for (const auto& [value, label] : values) {
    out.push_back({{"value", value}, {"label", label}, {"selected", value == selected}});
  }
  return out;
}

Json LevelOptions(const RequestContext& ctx, const std::string& selected, bool with_any) {
  std::vector<std::pair<std::string, std::string>> values;
  if (with_any) values.emplace_back("", Msg(ctx, "courses.any_level"));
  for (auto l : domain::catalog::kAllCourseLevels) {
    const std::string name(domain::catalog::CourseLevelName(l));
    values.emplace_back(name, Msg(ctx, "courses.level_" + name));
  }
  return Options(values, selected);
}

Json ProviderOptions(const RequestContext& ctx, const std::vector<Provider>& providers,
                     const std::string& selected, bool with_any) {
  std::vector<std::pair<std::string, std::string>> values;
  if (with_any) values.emplace_back("", Msg(ctx, "courses.any_provider"));
  for (const auto& p : providers) values.emplace_back(IdString(p.id.value()), p.name);
  return Options(values, selected);
}

Json ThemeOptions(const RequestContext& ctx, const std::string& selected) {
  std::vector<std::pair<std::string, std::string>> values;
  for (auto t : domain::catalog::kAllCollectionThemes) {
    const std::string name(domain::catalog::CollectionThemeName(t));
    values.emplace_back(name, Msg(ctx, "courses.theme_" + name));
  }
  return Options(values, selected);
}

std::string LevelLabel(const RequestContext& ctx, domain::catalog::CourseLevel level) {
  return Msg(ctx, "courses.level_" + std::string(domain::catalog::CourseLevelName(level)));
}

Json CourseRow(const RequestContext& ctx, const CourseView& v) {
  const auto& c = v.course;
  return {{"id", IdString(c.id.value())},
          {"title", c.title},
          {"provider", v.provider.name},
          {"level", LevelLabel(ctx, c.level)},
          {"hours", FormatNumber(c.estimated_hours)},
          {"free", c.is_free},
          {"certificate", c.offers_certificate},
          {"language", c.language}};
}

// Every course of the agency (for the order tables of the path form), by title.
StatusOr<std::vector<CourseView>> AllCourses(RequestContext& ctx) {
  std::vector<CourseView> out;
  app::CourseQuery q;
  q.limit = app::catalog::kMaxCoursePage;
  for (;;) {
    RESKILL_ASSIGN_OR_RETURN(
        auto page, app::catalog::ReadCatalog(ctx.services.app).SearchCourses(ctx.principal, q));
    for (auto& v : page.items) out.push_back(std::move(v));
    q.offset += q.limit;
    if (page.items.empty() || q.offset >= page.total) return out;
  }
}

// --- Course form -------------------------------------------------------------------------------

struct CourseForm {
  std::string provider_id;
  std::string external_id;
  std::string title;
  std::string url;
  std::string description;
  std::string language = "en";
  std::string estimated_hours;
  std::string level = "introductory";
  bool free = false;
  bool certificate = false;
  std::string skills;
};

CourseForm CourseFormFrom(const RequestContext& ctx) {
  CourseForm f;
  f.provider_id = ctx.Form("provider_id");
  f.external_id = ctx.Form("external_id");
  f.title = ctx.Form("title");
  f.url = ctx.Form("url");
  f.description = ctx.Form("description");
  f.language = ctx.Form("language");
  f.estimated_hours = ctx.Form("estimated_hours");
  f.level = ctx.Form("level");
  f.free = ctx.Form("free") == "1";
  f.certificate = ctx.Form("certificate") == "1";
  f.skills = ctx.Form("skills");
  return f;
}

CourseForm CourseFormFrom(const CourseView& v) {
  const auto& c = v.course;
  CourseForm f;
  f.provider_id = IdString(c.provider_id.value());
  f.external_id = c.external_id;
  f.title = c.title;
  f.url = c.url;
  f.description = c.description;
  f.language = c.language;
  f.estimated_hours = FormatNumber(c.estimated_hours);
  f.level = std::string(domain::catalog::CourseLevelName(c.level));
  f.free = c.is_free;
  f.certificate = c.offers_certificate;
  std::string skills;
  for (const auto& s : c.skills) {
    skills += s.element_id + ":" + FormatNumber(s.target_level) + "\n";
  }
  f.skills = skills;
  return f;
}

StatusOr<domain::catalog::Course> CourseFrom(const CourseForm& f) {
  domain::catalog::Course c;
  auto provider = ParsePositive(f.provider_id);
  if (!provider) return InvalidArgument("choose a provider", "provider_id");
  c.provider_id = ProviderId(*provider);
  c.external_id = std::string(Trim(f.external_id));
  c.title = f.title;
  c.url = f.url;
  c.description = f.description;
  c.language = std::string(Trim(f.language));
  const auto hours_text = Trim(f.estimated_hours);
  const auto* end = hours_text.data() + hours_text.size();
  auto [ptr, ec] = std::from_chars(hours_text.data(), end, c.estimated_hours);
  if (hours_text.empty() || ec != std::errc() || ptr != end) {
    return InvalidArgument("estimated_hours must be a number of hours", "estimated_hours");
  }
  auto level = domain::catalog::ParseCourseLevel(f.level);
  if (!level) return InvalidArgument("level is introductory, intermediate or advanced", "level");
  c.level = *level;
  c.is_free = f.free;
  c.offers_certificate = f.certificate;
  RESKILL_ASSIGN_OR_RETURN(c.skills, domain::catalog::ParseSkillList(f.skills));
  return c;
}

Json CourseFormModel(const RequestContext& ctx, const CourseForm& f,
                     const std::vector<Provider>& providers) {
  return {{"providers", ProviderOptions(ctx, providers, f.provider_id, false)},
          {"external_id", f.external_id},
          {"title", f.title},
          {"url", f.url},
          {"description", f.description},
          {"language", f.language},
          {"estimated_hours", f.estimated_hours},
          {"levels", LevelOptions(ctx, f.level, false)},
          {"free", f.free},
          {"certificate", f.certificate},
          {"skills", f.skills}};
}

Response CourseListPage(RequestContext& ctx, int status, const CourseForm& form,
                        const std::string& error) {
  const auto& req = ctx.request;
  auto providers = app::catalog::ReadCatalog(ctx.services.app).ListProviders(ctx.principal);
  if (!providers.ok()) return Fail(ctx, providers.status());
  app::CourseQuery q;
  q.text = std::string(req.Query("q").value_or(""));
  q.element_id = std::string(Trim(req.Query("skill").value_or("")));
  const std::string provider_text(req.Query("provider").value_or(""));
  const std::string level_text(req.Query("level").value_or(""));
  if (auto id = ParsePositive(provider_text)) q.provider = ProviderId(*id);
  q.level = domain::catalog::ParseCourseLevel(level_text);
  q.limit = kCoursesPerPage;
  q.offset = static_cast<int>(
      std::min<std::int64_t>(ParsePositive(req.Query("offset").value_or("")).value_or(0), 1 << 20));

  Json model = Base(ctx, "courses");
  Notice(ctx, model);
  model["filter"] = {{"q", q.text},
                     {"skill", q.element_id},
                     {"providers", ProviderOptions(ctx, *providers, provider_text, true)},
                     {"levels", LevelOptions(ctx, level_text, true)}};
  auto page = app::catalog::ReadCatalog(ctx.services.app).SearchCourses(ctx.principal, q);
  Json rows = Json::array();
  if (page.ok()) {
    for (const auto& v : page->items) rows.push_back(CourseRow(ctx, v));
    model["total"] = page->total;
    const std::string filters =
        "q=" + PercentEncode(q.text) + "&provider=" + PercentEncode(provider_text) +
        "&level=" + PercentEncode(level_text) + "&skill=" + PercentEncode(q.element_id);
    if (q.offset > 0) {
      model["prev"] = "/catalog/courses?" + filters +
                      "&offset=" + std::to_string(std::max(0, q.offset - kCoursesPerPage));
    }
    if (q.offset + static_cast<std::int64_t>(page->items.size()) < page->total) {
      model["next"] =
          "/catalog/courses?" + filters + "&offset=" + std::to_string(q.offset + kCoursesPerPage);
    }
  } else {
    if (page.status().code() != ErrorCode::kInvalidArgument) return Fail(ctx, page.status());
    model["search_error"] = ErrorMessage(ctx.services.templates, ctx.locale, page.status());
    if (status == 200) status = 400;
  }
  model["courses"] = std::move(rows);
  model["empty"] = model["courses"].empty();
  model["no_providers"] = providers->empty();
  model["form"] = CourseFormModel(ctx, form, *providers);
  if (!error.empty()) model["form"]["error"] = error;
  return RenderPage(ctx, "catalog_courses", model, "courses.title", status);
}

Response CourseDetailPage(RequestContext& ctx, const CourseDetail& detail, int status,
                          const CourseForm& form, const std::string& error) {
  auto providers = app::catalog::ReadCatalog(ctx.services.app).ListProviders(ctx.principal);
  if (!providers.ok()) return Fail(ctx, providers.status());
  const auto& v = detail.view;
  Json skills = Json::array();
  for (std::size_t i = 0; i < v.course.skills.size(); ++i) {
    skills.push_back({{"element_id", v.course.skills[i].element_id},
                      {"name", i < v.element_names.size() ? v.element_names[i] : ""},
                      {"level", FormatNumber(v.course.skills[i].target_level)}});
  }
  Json paths = Json::array();
  for (const auto& p : detail.paths) {
    paths.push_back({{"id", IdString(p.id.value())}, {"name", p.name}});
  }
  Json model = Base(ctx, "courses");
  Notice(ctx, model);
  model["course"] = CourseRow(ctx, v);
  model["course"]["url"] = v.course.url;
  model["course"]["description"] = v.course.description;
  model["course"]["external_id"] = v.course.external_id;
  model["course"]["provider_id"] = IdString(v.provider.id.value());
  model["skills"] = std::move(skills);
  model["has_skills"] = !v.course.skills.empty();
  model["paths"] = std::move(paths);
  model["in_paths"] = !detail.paths.empty();
  model["form"] = CourseFormModel(ctx, form, *providers);
  if (!error.empty()) model["error"] = error;
  return RenderPage(ctx, "catalog_course", model, "courses.page_course", status);
}

// --- Path form ---------------------------------------------------------------------------------

struct PathForm {
  std::string name;
  std::string description;
  bool introductory = false;
  std::string occupations;
  std::map<std::int64_t, std::string> order;  // course id → the order typed
};

PathForm PathFormFrom(const RequestContext& ctx) {
  PathForm f;
  f.name = ctx.Form("name");
  f.description = ctx.Form("description");
  f.introductory = ctx.Form("introductory") == "1";
  f.occupations = ctx.Form("occupation_codes");
  for (const auto& [key, value] : ctx.form) {
    if (!key.starts_with("course_")) continue;
    if (auto id = ParsePositive(std::string_view(key).substr(7))) f.order[*id] = value;
  }
  return f;
}

PathForm PathFormFrom(const LearningPathView& v) {
  PathForm f;
  f.name = v.path.name;
  f.description = v.path.description;
  f.introductory = v.path.is_introductory;
  for (const auto& code : v.path.occupation_codes) f.occupations += code + "\n";
  for (std::size_t i = 0; i < v.path.course_ids.size(); ++i) {
    f.order[v.path.course_ids[i].value()] = std::to_string(i + 1);
  }
  return f;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    if (c == ' ' || c == ',' || c == ';' || c == '\n' || c == '\r' || c == '\t') {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

// Ids with an order number, sorted by it (ties keep id order); empty entries are left out.
template <typename IdT>
StatusOr<std::vector<IdT>> Ordered(const std::map<std::int64_t, std::string>& order,
                                   const char* field) {
  std::vector<std::pair<std::int64_t, std::int64_t>> picked;  // (order, id)
  for (const auto& [id, text] : order) {
    if (Trim(text).empty()) continue;
    auto n = ParsePositive(text);
    if (!n) return InvalidArgument("the order is a whole number from 1", field);
    picked.emplace_back(*n, id);
  }
  std::stable_sort(picked.begin(), picked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<IdT> out;
  for (const auto& [n, id] : picked) out.emplace_back(id);
  return out;
}

StatusOr<domain::catalog::LearningPath> PathFrom(const PathForm& f) {
  domain::catalog::LearningPath p;
  p.name = f.name;
  p.description = f.description;
  p.is_introductory = f.introductory;
  p.occupation_codes = Words(f.occupations);
  RESKILL_ASSIGN_OR_RETURN(p.course_ids, Ordered<CourseId>(f.order, "course_ids"));
  return p;
}

StatusOr<Json> PathFormModel(RequestContext& ctx, const PathForm& f) {
  RESKILL_ASSIGN_OR_RETURN(auto courses, AllCourses(ctx));
  Json rows = Json::array();
  std::vector<std::pair<std::int64_t, Json>> chosen;  // (order, row)
  for (const auto& v : courses) {
    Json row = CourseRow(ctx, v);
    auto it = f.order.find(v.course.id.value());
    row["order"] = it == f.order.end() ? "" : it->second;
    auto n = it == f.order.end() ? std::nullopt : ParsePositive(it->second);
    if (n) {
      chosen.emplace_back(*n, std::move(row));
    } else {
      rows.push_back(std::move(row));
    }
  }
  std::stable_sort(chosen.begin(), chosen.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Json ordered = Json::array();
  for (auto& [n, row] : chosen) ordered.push_back(std::move(row));
  for (auto& row : rows) ordered.push_back(std::move(row));
  return Json{{"name", f.name},
              {"description", f.description},
              {"introductory", f.introductory},
              {"occupation_codes", f.occupations},
              {"courses", std::move(ordered)},
              {"no_courses", courses.empty()}};
}

Json PathRow(const LearningPathSummary& s) {
  std::string codes;
  for (const auto& c : s.path.occupation_codes) codes += (codes.empty() ? "" : ", ") + c;
  return {{"id", IdString(s.path.id.value())},      {"name", s.path.name},
          {"introductory", s.path.is_introductory}, {"course_count", s.path.course_ids.size()},
          {"hours", FormatNumber(s.total_hours)},   {"occupations", codes}};
}

Response PathListPage(RequestContext& ctx, int status, const PathForm& form,
                      const std::string& error) {
  auto paths = app::catalog::ReadCatalog(ctx.services.app).ListLearningPaths(ctx.principal);
  if (!paths.ok()) return Fail(ctx, paths.status());
  Json rows = Json::array();
  for (const auto& s : *paths) rows.push_back(PathRow(s));
  Json model = Base(ctx, "paths");
  Notice(ctx, model);
  model["paths"] = std::move(rows);
  model["empty"] = paths->empty();
  if (CanEdit(ctx)) {
    auto form_model = PathFormModel(ctx, form);
    if (!form_model.ok()) return Fail(ctx, form_model.status());
    model["form"] = std::move(*form_model);
    if (!error.empty()) model["form"]["error"] = error;
  }
  return RenderPage(ctx, "catalog_paths", model, "courses.paths_title", status);
}

Response PathDetailPage(RequestContext& ctx, const LearningPathView& v, int status,
                        const PathForm& form, const std::string& error) {
  Json courses = Json::array();
  for (const auto& c : v.courses) courses.push_back(CourseRow(ctx, c));
  Json occupations = Json::array();
  for (const auto& o : v.occupations) occupations.push_back({{"code", o.code}, {"title", o.title}});
  Json model = Base(ctx, "paths");
  Notice(ctx, model);
  model["path"] = {{"id", IdString(v.path.id.value())},
                   {"name", v.path.name},
                   {"description", v.path.description},
                   {"introductory", v.path.is_introductory},
                   {"hours", FormatNumber(v.total_hours)}};
  model["courses"] = std::move(courses);
  model["occupations"] = std::move(occupations);
  model["has_occupations"] = !v.occupations.empty();
  if (CanEdit(ctx)) {
    auto form_model = PathFormModel(ctx, form);
    if (!form_model.ok()) return Fail(ctx, form_model.status());
    model["form"] = std::move(*form_model);
  }
  if (!error.empty()) model["error"] = error;
  return RenderPage(ctx, "catalog_path", model, "courses.page_path", status);
}

// --- Collection form ---------------------------------------------------------------------------

struct CollectionForm {
  std::string name;
  std::string description;
  std::string theme = "job_readiness";
  std::map<std::int64_t, std::string> order;  // path id → the order typed
};

CollectionForm CollectionFormFrom(const RequestContext& ctx) {
  CollectionForm f;
  f.name = ctx.Form("name");
  f.description = ctx.Form("description");
  f.theme = ctx.Form("theme");
  for (const auto& [key, value] : ctx.form) {
    if (!key.starts_with("path_")) continue;
    if (auto id = ParsePositive(std::string_view(key).substr(5))) f.order[*id] = value;
  }
  return f;
}

CollectionForm CollectionFormFrom(const CollectionView& v) {
  CollectionForm f;
  f.name = v.collection.name;
  f.description = v.collection.description;
  f.theme = std::string(domain::catalog::CollectionThemeName(v.collection.theme));
  for (std::size_t i = 0; i < v.collection.path_ids.size(); ++i) {
    f.order[v.collection.path_ids[i].value()] = std::to_string(i + 1);
  }
  return f;
}

StatusOr<domain::catalog::Collection> CollectionFrom(const CollectionForm& f) {
  domain::catalog::Collection c;
  c.name = f.name;
  c.description = f.description;
  auto theme = domain::catalog::ParseCollectionTheme(f.theme);
  if (!theme) return InvalidArgument("choose a theme", "theme");
  c.theme = *theme;
  RESKILL_ASSIGN_OR_RETURN(c.path_ids, Ordered<LearningPathId>(f.order, "path_ids"));
  return c;
}

StatusOr<Json> CollectionFormModel(RequestContext& ctx, const CollectionForm& f) {
  RESKILL_ASSIGN_OR_RETURN(
      auto paths, app::catalog::ReadCatalog(ctx.services.app).ListLearningPaths(ctx.principal));
  std::vector<std::pair<std::int64_t, Json>> chosen;
  Json rest = Json::array();
  for (const auto& s : paths) {
    Json row = PathRow(s);
    auto it = f.order.find(s.path.id.value());
    row["order"] = it == f.order.end() ? "" : it->second;
    auto n = it == f.order.end() ? std::nullopt : ParsePositive(it->second);
    if (n) {
      chosen.emplace_back(*n, std::move(row));
    } else {
      rest.push_back(std::move(row));
    }
  }
  std::stable_sort(chosen.begin(), chosen.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Json ordered = Json::array();
  for (auto& [n, row] : chosen) ordered.push_back(std::move(row));
  for (auto& row : rest) ordered.push_back(std::move(row));
  return Json{{"name", f.name},
              {"description", f.description},
              {"themes", ThemeOptions(ctx, f.theme)},
              {"paths", std::move(ordered)},
              {"no_paths", paths.empty()}};
}

Response CollectionListPage(RequestContext& ctx, int status, const CollectionForm& form,
                            const std::string& error) {
  auto collections = app::catalog::ReadCatalog(ctx.services.app).ListCollections(ctx.principal);
  if (!collections.ok()) return Fail(ctx, collections.status());
  Json rows = Json::array();
  for (const auto& c : *collections) {
    rows.push_back(
        {{"id", IdString(c.collection.id.value())},
         {"name", c.collection.name},
         {"theme", Msg(ctx, "courses.theme_" + std::string(domain::catalog::CollectionThemeName(
                                                   c.collection.theme)))},
         {"path_count", c.paths.size()}});
  }
  Json model = Base(ctx, "collections");
  Notice(ctx, model);
  model["collections"] = std::move(rows);
  model["empty"] = collections->empty();
  if (CanEdit(ctx)) {
    auto form_model = CollectionFormModel(ctx, form);
    if (!form_model.ok()) return Fail(ctx, form_model.status());
    model["form"] = std::move(*form_model);
    if (!error.empty()) model["form"]["error"] = error;
  }
  return RenderPage(ctx, "catalog_collections", model, "courses.collections_title", status);
}

Response CollectionDetailPage(RequestContext& ctx, const CollectionView& v, int status,
                              const CollectionForm& form, const std::string& error) {
  Json paths = Json::array();
  for (const auto& s : v.paths) paths.push_back(PathRow(s));
  Json model = Base(ctx, "collections");
  Notice(ctx, model);
  model["collection"] = {
      {"id", IdString(v.collection.id.value())},
      {"name", v.collection.name},
      {"description", v.collection.description},
      {"theme", Msg(ctx, "courses.theme_" + std::string(domain::catalog::CollectionThemeName(
                                                v.collection.theme)))}};
  model["paths"] = std::move(paths);
  if (CanEdit(ctx)) {
    auto form_model = CollectionFormModel(ctx, form);
    if (!form_model.ok()) return Fail(ctx, form_model.status());
    model["form"] = std::move(*form_model);
  }
  if (!error.empty()) model["error"] = error;
  return RenderPage(ctx, "catalog_collection", model, "courses.page_collection", status);
}

// --- Provider form -----------------------------------------------------------------------------

struct ProviderForm {
  std::string slug;
  std::string name;
  std::string website;
  std::vector<std::string> license_types = {"seat"};
};

ProviderForm ProviderFormFrom(const RequestContext& ctx) {
  ProviderForm f;
  f.slug = ctx.Form("slug");
  f.name = ctx.Form("name");
  f.website = ctx.Form("website");
  f.license_types.clear();
  for (auto [it, end] = ctx.form.equal_range("license_types"); it != end; ++it) {
    f.license_types.push_back(it->second);
  }
  return f;
}

ProviderForm ProviderFormFrom(const Provider& p) {
  ProviderForm f;
  f.slug = p.slug;
  f.name = p.name;
  f.website = p.website;
  f.license_types.clear();
  for (auto t : p.license_types) f.license_types.emplace_back(domain::catalog::LicenseTypeName(t));
  return f;
}

StatusOr<Provider> ProviderFrom(const ProviderForm& f) {
  Provider p;
  p.slug = std::string(Trim(f.slug));
  p.name = f.name;
  p.website = f.website;
  for (std::size_t i = 0; i < f.license_types.size(); ++i) {
    auto t = domain::catalog::ParseLicenseType(f.license_types[i]);
    if (!t) {
      return InvalidArgument("license types are free, seat, site and purchase",
                             "license_types[" + std::to_string(i) + "]");
    }
    p.license_types.push_back(*t);
  }
  return p;
}

Json ProviderFormModel(const RequestContext& ctx, const ProviderForm& f) {
  Json types = Json::array();
  for (auto t : domain::catalog::kAllLicenseTypes) {
    const std::string name(domain::catalog::LicenseTypeName(t));
    types.push_back({{"value", name},
                     {"label", Msg(ctx, "courses.license_" + name)},
                     {"checked", std::find(f.license_types.begin(), f.license_types.end(), name) !=
                                     f.license_types.end()}});
  }
  return {{"slug", f.slug}, {"name", f.name}, {"website", f.website}, {"license_types", types}};
}

std::string LicenseLabels(const RequestContext& ctx, const Provider& p) {
  std::string out;
  for (auto t : p.license_types) {
    out += (out.empty() ? "" : ", ") +
           Msg(ctx, "courses.license_" + std::string(domain::catalog::LicenseTypeName(t)));
  }
  return out;
}

Response ProviderListPage(RequestContext& ctx, int status, const ProviderForm& form,
                          const std::string& error) {
  auto providers = app::catalog::ReadCatalog(ctx.services.app).ListProviders(ctx.principal);
  if (!providers.ok()) return Fail(ctx, providers.status());
  Json rows = Json::array();
  for (const auto& p : *providers) {
    rows.push_back({{"id", IdString(p.id.value())},
                    {"slug", p.slug},
                    {"name", p.name},
                    {"website", p.website},
                    {"licenses", LicenseLabels(ctx, p)}});
  }
  Json model = Base(ctx, "providers");
  Notice(ctx, model);
  model["providers"] = std::move(rows);
  model["empty"] = providers->empty();
  model["form"] = ProviderFormModel(ctx, form);
  if (!error.empty()) model["form"]["error"] = error;
  return RenderPage(ctx, "catalog_providers", model, "courses.providers_title", status);
}

Response ProviderDetailPage(RequestContext& ctx, const Provider& p, int status,
                            const ProviderForm& form, const std::string& error) {
  Json model = Base(ctx, "providers");
  Notice(ctx, model);
  model["provider"] = {{"id", IdString(p.id.value())},
                       {"slug", p.slug},
                       {"name", p.name},
                       {"website", p.website},
                       {"licenses", LicenseLabels(ctx, p)}};
  model["form"] = ProviderFormModel(ctx, form);
  if (!error.empty()) model["error"] = error;
  return RenderPage(ctx, "catalog_provider", model, "courses.page_provider", status);
}

std::string Error(const RequestContext& ctx, const Status& st) {
  return ErrorMessage(ctx.services.templates, ctx.locale, st);
}

}  // namespace

// --- Courses -----------------------------------------------------------------------------------

Response CoursesPage(RequestContext& ctx) {
  return CourseListPage(ctx, 200, CourseForm{}, "");
}

Response CourseCreate(RequestContext& ctx) {
  const CourseForm form = CourseFormFrom(ctx);
  auto draft = CourseFrom(form);
  StatusOr<CourseView> created =
      draft.ok()
          ? app::catalog::ManageCourses(ctx.services.app).Create(ctx.principal, *draft, ctx.info)
          : StatusOr<CourseView>(draft.status());
  if (!created.ok()) {
    return CourseListPage(ctx, HttpStatusFor(created.status().code()), form,
                          Error(ctx, created.status()));
  }
  return SeeOther("/catalog/courses/" + IdString(created->course.id.value()) + "?created=1");
}

Response CoursePage(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "course");
  if (!id.ok()) return Fail(ctx, id.status());
  auto detail = app::catalog::ReadCatalog(ctx.services.app).GetCourse(ctx.principal, CourseId(*id));
  if (!detail.ok()) return Fail(ctx, detail.status());
  return CourseDetailPage(ctx, *detail, 200, CourseFormFrom(detail->view), "");
}

Response CourseUpdate(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "course");
  if (!id.ok()) return Fail(ctx, id.status());
  const CourseForm form = CourseFormFrom(ctx);
  auto parsed = CourseFrom(form);
  Status st = parsed.status();
  if (parsed.ok()) {
    const auto& c = *parsed;
    app::catalog::CoursePatch patch;
    patch.provider_id = c.provider_id;
    patch.external_id = c.external_id;
    patch.url = c.url;
    patch.title = c.title;
    patch.description = c.description;
    patch.language = c.language;
    patch.estimated_hours = c.estimated_hours;
    patch.level = c.level;
    patch.is_free = c.is_free;
    patch.offers_certificate = c.offers_certificate;
    patch.skills = c.skills;
    st = app::catalog::ManageCourses(ctx.services.app)
             .Update(ctx.principal, CourseId(*id), patch, ctx.info)
             .status();
  }
  if (!st.ok()) {
    auto detail =
        app::catalog::ReadCatalog(ctx.services.app).GetCourse(ctx.principal, CourseId(*id));
    if (!detail.ok()) return Fail(ctx, detail.status());
    return CourseDetailPage(ctx, *detail, HttpStatusFor(st.code()), form, Error(ctx, st));
  }
  return SeeOther("/catalog/courses/" + IdString(*id) + "?saved=1");
}

Response CourseDelete(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "course");
  if (!id.ok()) return Fail(ctx, id.status());
  Status st =
      app::catalog::ManageCourses(ctx.services.app).Delete(ctx.principal, CourseId(*id), ctx.info);
  if (!st.ok()) {
    auto detail =
        app::catalog::ReadCatalog(ctx.services.app).GetCourse(ctx.principal, CourseId(*id));
    if (!detail.ok()) return Fail(ctx, detail.status());
    return CourseDetailPage(ctx, *detail, HttpStatusFor(st.code()), CourseFormFrom(detail->view),
                            Error(ctx, st));
  }
  return SeeOther("/catalog/courses?deleted=1");
}

// --- Learning paths ----------------------------------------------------------------------------

Response PathsPage(RequestContext& ctx) {
  return PathListPage(ctx, 200, PathForm{}, "");
}

Response PathCreate(RequestContext& ctx) {
  const PathForm form = PathFormFrom(ctx);
  auto draft = PathFrom(form);
  StatusOr<LearningPathView> created = draft.ok()
                                           ? app::catalog::ManageLearningPaths(ctx.services.app)
                                                 .Create(ctx.principal, *draft, ctx.info)
                                           : StatusOr<LearningPathView>(draft.status());
  if (!created.ok()) {
    return PathListPage(ctx, HttpStatusFor(created.status().code()), form,
                        Error(ctx, created.status()));
  }
  return SeeOther("/catalog/paths/" + IdString(created->path.id.value()) + "?created=1");
}

Response PathPage(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "learning path");
  if (!id.ok()) return Fail(ctx, id.status());
  auto v = app::catalog::ReadCatalog(ctx.services.app)
               .GetLearningPath(ctx.principal, LearningPathId(*id));
  if (!v.ok()) return Fail(ctx, v.status());
  return PathDetailPage(ctx, *v, 200, PathFormFrom(*v), "");
}

Response PathUpdate(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "learning path");
  if (!id.ok()) return Fail(ctx, id.status());
  const PathForm form = PathFormFrom(ctx);
  auto parsed = PathFrom(form);
  Status st = parsed.status();
  if (parsed.ok()) {
    app::catalog::LearningPathPatch patch;
    patch.name = parsed->name;
    patch.description = parsed->description;
    patch.is_introductory = parsed->is_introductory;
    patch.course_ids = parsed->course_ids;
    patch.occupation_codes = parsed->occupation_codes;
    st = app::catalog::ManageLearningPaths(ctx.services.app)
             .Update(ctx.principal, LearningPathId(*id), patch, ctx.info)
             .status();
  }
  if (!st.ok()) {
    auto v = app::catalog::ReadCatalog(ctx.services.app)
                 .GetLearningPath(ctx.principal, LearningPathId(*id));
    if (!v.ok()) return Fail(ctx, v.status());
    return PathDetailPage(ctx, *v, HttpStatusFor(st.code()), form, Error(ctx, st));
  }
  return SeeOther("/catalog/paths/" + IdString(*id) + "?saved=1");
}

Response PathDelete(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "learning path");
  if (!id.ok()) return Fail(ctx, id.status());
  Status st = app::catalog::ManageLearningPaths(ctx.services.app)
                  .Delete(ctx.principal, LearningPathId(*id), ctx.info);
  if (!st.ok()) {
    auto v = app::catalog::ReadCatalog(ctx.services.app)
                 .GetLearningPath(ctx.principal, LearningPathId(*id));
    if (!v.ok()) return Fail(ctx, v.status());
    return PathDetailPage(ctx, *v, HttpStatusFor(st.code()), PathFormFrom(*v), Error(ctx, st));
  }
  return SeeOther("/catalog/paths?deleted=1");
}

// --- Collections -------------------------------------------------------------------------------

Response CollectionsPage(RequestContext& ctx) {
  return CollectionListPage(ctx, 200, CollectionForm{}, "");
}

Response CollectionCreate(RequestContext& ctx) {
  const CollectionForm form = CollectionFormFrom(ctx);
  auto draft = CollectionFrom(form);
  StatusOr<CollectionView> created = draft.ok() ? app::catalog::ManageCollections(ctx.services.app)
                                                      .Create(ctx.principal, *draft, ctx.info)
                                                : StatusOr<CollectionView>(draft.status());
  if (!created.ok()) {
    return CollectionListPage(ctx, HttpStatusFor(created.status().code()), form,
                              Error(ctx, created.status()));
  }
  return SeeOther("/catalog/collections/" + IdString(created->collection.id.value()) +
                  "?created=1");
}

Response CollectionPage(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "collection");
  if (!id.ok()) return Fail(ctx, id.status());
  auto v =
      app::catalog::ReadCatalog(ctx.services.app).GetCollection(ctx.principal, CollectionId(*id));
  if (!v.ok()) return Fail(ctx, v.status());
  return CollectionDetailPage(ctx, *v, 200, CollectionFormFrom(*v), "");
}

Response CollectionUpdate(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "collection");
  if (!id.ok()) return Fail(ctx, id.status());
  const CollectionForm form = CollectionFormFrom(ctx);
  auto parsed = CollectionFrom(form);
  Status st = parsed.status();
  if (parsed.ok()) {
    app::catalog::CollectionPatch patch;
    patch.name = parsed->name;
    patch.description = parsed->description;
    patch.theme = parsed->theme;
    patch.path_ids = parsed->path_ids;
    st = app::catalog::ManageCollections(ctx.services.app)
             .Update(ctx.principal, CollectionId(*id), patch, ctx.info)
             .status();
  }
  if (!st.ok()) {
    auto v =
        app::catalog::ReadCatalog(ctx.services.app).GetCollection(ctx.principal, CollectionId(*id));
    if (!v.ok()) return Fail(ctx, v.status());
    return CollectionDetailPage(ctx, *v, HttpStatusFor(st.code()), form, Error(ctx, st));
  }
  return SeeOther("/catalog/collections/" + IdString(*id) + "?saved=1");
}

Response CollectionDelete(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "collection");
  if (!id.ok()) return Fail(ctx, id.status());
  Status st = app::catalog::ManageCollections(ctx.services.app)
                  .Delete(ctx.principal, CollectionId(*id), ctx.info);
  if (!st.ok()) return Fail(ctx, st);
  return SeeOther("/catalog/collections?deleted=1");
}

// --- Providers ---------------------------------------------------------------------------------

Response ProvidersPage(RequestContext& ctx) {
  return ProviderListPage(ctx, 200, ProviderForm{}, "");
}

Response ProviderCreate(RequestContext& ctx) {
  const ProviderForm form = ProviderFormFrom(ctx);
  auto draft = ProviderFrom(form);
  StatusOr<Provider> created =
      draft.ok()
          ? app::catalog::ManageProviders(ctx.services.app).Create(ctx.principal, *draft, ctx.info)
          : StatusOr<Provider>(draft.status());
  if (!created.ok()) {
    return ProviderListPage(ctx, HttpStatusFor(created.status().code()), form,
                            Error(ctx, created.status()));
  }
  return SeeOther("/catalog/providers/" + IdString(created->id.value()) + "?created=1");
}

Response ProviderPage(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "provider");
  if (!id.ok()) return Fail(ctx, id.status());
  auto p = app::catalog::ReadCatalog(ctx.services.app).GetProvider(ctx.principal, ProviderId(*id));
  if (!p.ok()) return Fail(ctx, p.status());
  return ProviderDetailPage(ctx, *p, 200, ProviderFormFrom(*p), "");
}

Response ProviderUpdate(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "provider");
  if (!id.ok()) return Fail(ctx, id.status());
  const ProviderForm form = ProviderFormFrom(ctx);
  auto parsed = ProviderFrom(form);
  Status st = parsed.status();
  if (parsed.ok()) {
    app::catalog::ProviderPatch patch;
    patch.slug = parsed->slug;
    patch.name = parsed->name;
    patch.website = parsed->website;
    patch.license_types = parsed->license_types;
    st = app::catalog::ManageProviders(ctx.services.app)
             .Update(ctx.principal, ProviderId(*id), patch, ctx.info)
             .status();
  }
  if (!st.ok()) {
    auto p =
        app::catalog::ReadCatalog(ctx.services.app).GetProvider(ctx.principal, ProviderId(*id));
    if (!p.ok()) return Fail(ctx, p.status());
    return ProviderDetailPage(ctx, *p, HttpStatusFor(st.code()), form, Error(ctx, st));
  }
  return SeeOther("/catalog/providers/" + IdString(*id) + "?saved=1");
}

Response ProviderDelete(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "provider");
  if (!id.ok()) return Fail(ctx, id.status());
  Status st = app::catalog::ManageProviders(ctx.services.app)
                  .Delete(ctx.principal, ProviderId(*id), ctx.info);
  if (!st.ok()) {
    auto p =
        app::catalog::ReadCatalog(ctx.services.app).GetProvider(ctx.principal, ProviderId(*id));
    if (!p.ok()) return Fail(ctx, p.status());
    return ProviderDetailPage(ctx, *p, HttpStatusFor(st.code()), ProviderFormFrom(*p),
                              Error(ctx, st));
  }
  return SeeOther("/catalog/providers?deleted=1");
}

}  // namespace reskill::http::web
