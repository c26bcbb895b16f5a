#include "app/catalog/catalog_transfer.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "app/catalog/catalog_support.hpp"
#include "common/strings.hpp"

namespace reskill::app::catalog {

namespace {

using detail::IdText;
using detail::Lookups;

void Add(std::vector<ImportProblem>& problems, std::string where, const Status& st) {
  problems.push_back({std::move(where), st.field(), st.public_message()});
}

// Whether two courses say the same (ids, provider and times aside).
bool SameContent(const Course& a, const Course& b) {
  return a.external_id == b.external_id && a.url == b.url && a.title == b.title &&
         a.description == b.description && a.language == b.language &&
         a.estimated_hours == b.estimated_hours && a.level == b.level && a.is_free == b.is_free &&
         a.offers_certificate == b.offers_certificate && a.skills == b.skills;
}

// Copies the content fields of `from` onto `to`.
void CopyContent(const Course& from, Course& to) {
  to.external_id = from.external_id;
  to.url = from.url;
  to.title = from.title;
  to.description = from.description;
  to.language = from.language;
  to.estimated_hours = from.estimated_hours;
  to.level = from.level;
  to.is_free = from.is_free;
  to.offers_certificate = from.offers_certificate;
  to.skills = from.skills;
}

// Inserts `incoming` as a new course of `provider`, or updates the provider's course with the
// same external id. Returns whether it was created (true), updated (false) or unchanged (nullopt).
StatusOr<std::optional<bool>> UpsertCourse(const AppContext& ctx, UnitOfWork& uow, Lookups& lookups,
                                           TenantId tenant, ProviderId provider,
                                           const Course& incoming) {
  auto& catalog = uow.course_catalog();
  RESKILL_ASSIGN_OR_RETURN(auto existing,
                           catalog.FindCourseByExternalId(tenant, provider, incoming.external_id));
  if (existing && SameContent(*existing, incoming)) return std::optional<bool>();
  Course c;
  if (existing) {
    c = *existing;
  } else {
    c.tenant_id = tenant;
    c.id = CourseId(ctx.ids.Next());
    c.provider_id = provider;
    c.created_at = ctx.clock.Now();
  }
  CopyContent(incoming, c);
  c.updated_at = ctx.clock.Now();
  RESKILL_ASSIGN_OR_RETURN(auto terms, lookups.SearchTerms(c));
  if (existing) {
    RESKILL_RETURN_IF_ERROR(catalog.UpdateCourse(c, terms));
  } else {
    RESKILL_RETURN_IF_ERROR(catalog.InsertCourse(c, terms));
  }
  return std::optional<bool>(!existing.has_value());
}

}  // namespace

Status ProblemsStatus(std::span<const ImportProblem> problems) {
  if (problems.empty()) return Status::Ok();
  std::string message = std::to_string(problems.size()) +
                        (problems.size() == 1 ? " problem" : " problems") +
                        " found; nothing was imported:";
  for (std::size_t i = 0; i < problems.size() && i < kMaxListedProblems; ++i) {
    const auto& p = problems[i];
    message += "\n" + p.where + ": " + (p.field.empty() ? "" : p.field + ": ") + p.message;
  }
  if (problems.size() > kMaxListedProblems) {
    message += "\n… and " + std::to_string(problems.size() - kMaxListedProblems) + " more";
  }
  return InvalidArgument(std::move(message));
}

StatusOr<CourseImportSummary> ImportCourses::Run(const Principal& actor,
                                                 std::string_view provider_slug,
                                                 const CourseFile& file,
                                                 const RequestInfo& request) const {
  const auto where = [&](int line) { return file.source + ":" + std::to_string(line); };
  const auto& rows = file.rows;
  std::vector<ImportProblem> problems = file.problems;
  std::vector<bool> valid(rows.size(), false);
  std::map<std::string, int> first_line;  // external id → line
  for (std::size_t i = 0; i < rows.size(); ++i) {
    Course c = rows[i].course;
    c.tenant_id = actor.tenant_id;
    if (Status st = domain::catalog::ValidateCourse(c); !st.ok()) {
      Add(problems, where(rows[i].line), st);
      continue;
    }
    auto [it, inserted] = first_line.emplace(c.external_id, rows[i].line);
    if (!inserted) {
      problems.push_back(
          {where(rows[i].line), "external_id",
           "external id " + c.external_id + " is also on line " + std::to_string(it->second)});
      continue;
    }
    valid[i] = true;
  }

  CourseImportSummary summary;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    summary = {};
    RESKILL_ASSIGN_OR_RETURN(
        auto provider, uow.course_catalog().FindProviderBySlug(actor.tenant_id, provider_slug));
    if (!provider) {
      return NotFound("the agency has no provider \"" + std::string(provider_slug) + "\"");
    }
    Lookups lookups(uow, actor.tenant_id);
    std::vector<ImportProblem> all = problems;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!valid[i]) continue;
      if (Status st = lookups.CheckElements(rows[i].course); !st.ok()) {
        Add(all, where(rows[i].line), st);
      }
    }
    std::sort(all.begin(), all.end(), [](const ImportProblem& a, const ImportProblem& b) {
      return a.where.size() != b.where.size() ? a.where.size() < b.where.size() : a.where < b.where;
    });
    RESKILL_RETURN_IF_ERROR(ProblemsStatus(all));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto& row = rows[i];
      RESKILL_ASSIGN_OR_RETURN(auto created, UpsertCourse(ctx_, uow, lookups, actor.tenant_id,
                                                          provider->id, row.course));
      if (!created) {
        ++summary.unchanged;
      } else if (*created) {
        ++summary.created;
      } else {
        ++summary.updated;
      }
    }
    return uow.audit().Append(MakeAuditEvent(
        ctx_, actor, actor.tenant_id, request, "course.import", "provider",
        IdText(provider->id.value()), "ok",
        "created=" + std::to_string(summary.created) + ",updated=" +
            std::to_string(summary.updated) + ",unchanged=" + std::to_string(summary.unchanged)));
  }));
  return summary;
}

StatusOr<CatalogContent> ExportCatalog::Run(const Principal& actor) const {
  CatalogContent content;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    content = {};
    auto& catalog = uow.course_catalog();
    RESKILL_ASSIGN_OR_RETURN(content.providers, catalog.ListProviders(actor.tenant_id));
    Lookups lookups(uow, actor.tenant_id);
    CourseQuery query;
    query.limit = 10000;
    for (int offset = 0;; offset += query.limit) {
      query.offset = offset;
      RESKILL_ASSIGN_OR_RETURN(auto courses, catalog.ListCourses(actor.tenant_id, query));
      for (auto& c : courses) {
        RESKILL_ASSIGN_OR_RETURN(auto view, lookups.ViewOf(std::move(c)));
        content.courses.push_back(std::move(view));
      }
      if (static_cast<int>(courses.size()) < query.limit) break;
    }
    std::stable_sort(content.courses.begin(), content.courses.end(),
                     [](const CourseView& a, const CourseView& b) {
                       return ToLower(a.provider.name) < ToLower(b.provider.name);
                     });
    RESKILL_ASSIGN_OR_RETURN(auto paths, catalog.ListLearningPaths(actor.tenant_id));
    for (auto& p : paths) {
      RESKILL_ASSIGN_OR_RETURN(auto view, lookups.ViewOf(std::move(p)));
      content.paths.push_back(std::move(view));
    }
    return Status::Ok();
  }));
  return content;
}

StatusOr<CatalogImportSummary> ImportCatalog::Run(const Principal& actor,
                                                  const CatalogImportData& data,
                                                  const RequestInfo& request) const {
  std::vector<ImportProblem> problems = data.problems;
  std::set<std::string> slugs;
  for (const auto& entry : data.providers) {
    if (Status st = domain::catalog::ValidateProvider(entry.provider); !st.ok()) {
      Add(problems, entry.where, st);
    } else if (!slugs.insert(entry.provider.slug).second) {
      problems.push_back({entry.where, "slug", "provider " + entry.provider.slug + " twice"});
    }
  }
  std::vector<bool> course_ok(data.courses.size(), false);
  std::set<std::pair<std::string, std::string>> course_keys;
  for (std::size_t i = 0; i < data.courses.size(); ++i) {
    const auto& entry = data.courses[i];
    Course c = entry.course;
    c.tenant_id = actor.tenant_id;
    if (Status st = domain::catalog::ValidateCourse(c); !st.ok()) {
      Add(problems, entry.where, st);
    } else if (!course_keys.insert({entry.provider_slug, c.external_id}).second) {
      problems.push_back({entry.where, "external_id",
                          "course " + c.external_id + " of " + entry.provider_slug + " twice"});
    } else {
      course_ok[i] = true;
    }
  }
  std::set<std::string> path_names;
  for (const auto& entry : data.paths) {
    LearningPath p = entry.path;
    p.course_ids.clear();
    bool refs_ok = true;
    for (std::size_t k = 0; k < entry.course_indexes.size(); ++k) {
      const auto index = entry.course_indexes[k];
      if (index >= data.courses.size()) {
        problems.push_back({entry.where, "course_ids[" + std::to_string(k) + "]",
                            "the path refers to a course that is not in the file"});
        refs_ok = false;
      }
      // Placeholder ids, distinct per course, so that validation sees repeats.
      p.course_ids.emplace_back(static_cast<std::int64_t>(index) + 1);
    }
    if (!refs_ok) continue;
    if (Status st = domain::catalog::ValidateLearningPath(p); !st.ok()) {
      Add(problems, entry.where, st);
    } else if (!path_names.insert(std::string(Trim(p.name))).second) {
      problems.push_back({entry.where, "name", "learning path " + p.name + " twice"});
    }
  }

  CatalogImportSummary summary;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    summary = {};
    auto& catalog = uow.course_catalog();
    Lookups lookups(uow, actor.tenant_id);
    std::vector<ImportProblem> all = problems;
    const auto now = ctx_.clock.Now();

    std::map<std::string, ProviderId> provider_ids;
    for (const auto& entry : data.providers) {
      if (provider_ids.contains(entry.provider.slug)) continue;
      RESKILL_ASSIGN_OR_RETURN(auto existing,
                               catalog.FindProviderBySlug(actor.tenant_id, entry.provider.slug));
      if (existing) {
        provider_ids.emplace(existing->slug, existing->id);
        continue;
      }
      if (!domain::catalog::ValidateProvider(entry.provider).ok()) continue;  // reported
      Provider p = entry.provider;
      p.tenant_id = actor.tenant_id;
      p.id = ProviderId(ctx_.ids.Next());
      p.created_at = p.updated_at = now;
      RESKILL_RETURN_IF_ERROR(catalog.InsertProvider(p));
      provider_ids.emplace(p.slug, p.id);
      ++summary.providers_created;
    }

    std::vector<std::optional<CourseId>> course_ids(data.courses.size());
    for (std::size_t i = 0; i < data.courses.size(); ++i) {
      if (!course_ok[i]) continue;
      const auto& entry = data.courses[i];
      auto pid = provider_ids.find(entry.provider_slug);
      if (pid == provider_ids.end()) {
        RESKILL_ASSIGN_OR_RETURN(auto existing,
                                 catalog.FindProviderBySlug(actor.tenant_id, entry.provider_slug));
        if (!existing) {
          all.push_back({entry.where, "provider",
                         "no provider \"" + entry.provider_slug + "\" in the file or the agency"});
          continue;
        }
        pid = provider_ids.emplace(existing->slug, existing->id).first;
      }
      if (Status st = lookups.CheckElements(entry.course); !st.ok()) {
        Add(all, entry.where, st);
        continue;
      }
      if (!all.empty()) continue;  // nothing will be written; keep collecting problems
      RESKILL_ASSIGN_OR_RETURN(auto created, UpsertCourse(ctx_, uow, lookups, actor.tenant_id,
                                                          pid->second, entry.course));
      if (created && *created) ++summary.courses_created;
      if (created && !*created) ++summary.courses_updated;
      RESKILL_ASSIGN_OR_RETURN(
          auto stored,
          catalog.FindCourseByExternalId(actor.tenant_id, pid->second, entry.course.external_id));
      if (stored) course_ids[i] = stored->id;
    }

    for (const auto& entry : data.paths) {
      LearningPath p = entry.path;
      p.name = std::string(Trim(p.name));
      p.course_ids.clear();
      bool resolved = true;
      for (auto index : entry.course_indexes) {
        if (index >= course_ids.size() || !course_ids[index]) {
          resolved = false;
          break;
        }
        p.course_ids.push_back(*course_ids[index]);
      }
      if (!resolved || !domain::catalog::ValidateLearningPath(p).ok()) continue;  // reported
      p.tenant_id = actor.tenant_id;
      if (Status st = lookups.CheckPath(p); !st.ok()) {
        Add(all, entry.where, st);
        continue;
      }
      if (!all.empty()) continue;
      RESKILL_ASSIGN_OR_RETURN(auto existing,
                               catalog.FindLearningPathByName(actor.tenant_id, p.name));
      if (existing) {
        p.id = existing->id;
        p.created_at = existing->created_at;
        p.updated_at = now;
        RESKILL_RETURN_IF_ERROR(catalog.UpdateLearningPath(p));
        ++summary.paths_updated;
      } else {
        p.id = LearningPathId(ctx_.ids.Next());
        p.created_at = p.updated_at = now;
        RESKILL_RETURN_IF_ERROR(catalog.InsertLearningPath(p));
        ++summary.paths_created;
      }
    }
    RESKILL_RETURN_IF_ERROR(ProblemsStatus(all));
    return uow.audit().Append(
        MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "catalog.import", "tenant",
                       IdText(actor.tenant_id.value()), "ok",
                       "providers_created=" + std::to_string(summary.providers_created) +
                           ",courses_created=" + std::to_string(summary.courses_created) +
                           ",courses_updated=" + std::to_string(summary.courses_updated) +
                           ",paths_created=" + std::to_string(summary.paths_created) +
                           ",paths_updated=" + std::to_string(summary.paths_updated)));
  }));
  return summary;
}

}  // namespace reskill::app::catalog
