#include "app/catalog/course_catalog.hpp"

#include <algorithm>
#include <set>

#include "app/catalog/catalog_support.hpp"
#include "common/strings.hpp"

namespace reskill::app::catalog {

namespace {

using detail::IdText;
using detail::Lookups;
using domain::catalog::ElementKind;

// The names of the fields a patch changed, for the audit detail (names only, never values).
class ChangedFields {
 public:
  template <typename T>
  void Apply(const std::optional<T>& value, T& target, std::string_view name) {
    if (value && !(*value == target)) {
      target = *value;
      Note(name);
    }
  }
  void Note(std::string_view name) {
    if (!text_.empty()) text_ += ',';
    text_ += name;
  }
  bool empty() const { return text_.empty(); }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

std::string TrimmedCopy(std::string_view text) {
  return std::string(Trim(text));
}

// Applies the updated search terms to every course of a renamed provider.
Status RefreshProviderCourses(UnitOfWork& uow, TenantId tenant, ProviderId provider) {
  CourseQuery query;
  query.provider = provider;
  query.limit = 10000;
  Lookups lookups(uow, tenant);
  for (int offset = 0;; offset += query.limit) {
    query.offset = offset;
    RESKILL_ASSIGN_OR_RETURN(auto courses, uow.course_catalog().ListCourses(tenant, query));
    for (const auto& c : courses) {
      RESKILL_ASSIGN_OR_RETURN(auto terms, lookups.SearchTerms(c));
      RESKILL_RETURN_IF_ERROR(uow.course_catalog().UpdateCourse(c, terms));
    }
    if (static_cast<int>(courses.size()) < query.limit) return Status::Ok();
  }
}

std::string Names(const std::vector<LearningPath>& paths) {
  std::string out;
  for (const auto& p : paths) out += (out.empty() ? "" : ", ") + p.name;
  return out;
}

std::string Names(const std::vector<Collection>& collections) {
  std::string out;
  for (const auto& c : collections) out += (out.empty() ? "" : ", ") + c.name;
  return out;
}

}  // namespace

// --- Providers ---------------------------------------------------------------------------------

StatusOr<Provider> ManageProviders::Create(const Principal& actor, const Provider& draft,
                                           const RequestInfo& request) const {
  Provider p;
  p.tenant_id = actor.tenant_id;
  p.id = ProviderId(ctx_.ids.Next());
  p.slug = draft.slug;
  p.name = TrimmedCopy(draft.name);
  p.website = TrimmedCopy(draft.website);
  p.license_types = draft.license_types;
  p.created_at = p.updated_at = ctx_.clock.Now();
  RESKILL_RETURN_IF_ERROR(domain::catalog::ValidateProvider(p));
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_RETURN_IF_ERROR(uow.course_catalog().InsertProvider(p));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request,
                                             "provider.create", "provider", IdText(p.id.value()),
                                             "ok", "slug=" + p.slug));
  }));
  return p;
}

StatusOr<Provider> ManageProviders::Update(const Principal& actor, ProviderId id,
                                           const ProviderPatch& patch,
                                           const RequestInfo& request) const {
  Provider result;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.course_catalog().FindProvider(actor.tenant_id, id));
    if (!found) return NotFound("no such provider");
    Provider p = *found;
    ChangedFields changed;
    changed.Apply(patch.slug, p.slug, "slug");
    if (patch.name) changed.Apply(std::optional(TrimmedCopy(*patch.name)), p.name, "name");
    if (patch.website) {
      changed.Apply(std::optional(TrimmedCopy(*patch.website)), p.website, "website");
    }
    changed.Apply(patch.license_types, p.license_types, "license_types");
    RESKILL_RETURN_IF_ERROR(domain::catalog::ValidateProvider(p));
    if (!changed.empty()) {
      p.updated_at = ctx_.clock.Now();
      RESKILL_RETURN_IF_ERROR(uow.course_catalog().UpdateProvider(p));
      if (p.name != found->name || p.slug != found->slug) {
        RESKILL_RETURN_IF_ERROR(RefreshProviderCourses(uow, actor.tenant_id, p.id));
      }
      RESKILL_RETURN_IF_ERROR(uow.audit().Append(
          MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "provider.update", "provider",
                         IdText(p.id.value()), "ok", changed.text())));
    }
    result = std::move(p);
    return Status::Ok();
  }));
  return result;
}

Status ManageProviders::Delete(const Principal& actor, ProviderId id,
                               const RequestInfo& request) const {
  return ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.course_catalog().FindProvider(actor.tenant_id, id));
    if (!found) return NotFound("no such provider");
    CourseQuery query;
    query.provider = id;
    RESKILL_ASSIGN_OR_RETURN(auto courses,
                             uow.course_catalog().CountCourses(actor.tenant_id, query));
    if (courses > 0) {
      return FailedPrecondition("the provider still has " + std::to_string(courses) +
                                " course(s); delete them first");
    }
    RESKILL_RETURN_IF_ERROR(uow.course_catalog().DeleteProvider(actor.tenant_id, id));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request,
                                             "provider.delete", "provider", IdText(id.value()),
                                             "ok", "slug=" + found->slug));
  });
}

// --- Courses -----------------------------------------------------------------------------------

StatusOr<CourseView> ManageCourses::Create(const Principal& actor, const Course& draft,
                                           const RequestInfo& request) const {
  Course c = draft;
  c.tenant_id = actor.tenant_id;
  c.id = CourseId(ctx_.ids.Next());
  c.title = TrimmedCopy(c.title);
  c.url = TrimmedCopy(c.url);
  c.created_at = c.updated_at = ctx_.clock.Now();
  RESKILL_RETURN_IF_ERROR(domain::catalog::ValidateCourse(c));
  CourseView view;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    Lookups lookups(uow, actor.tenant_id);
    RESKILL_RETURN_IF_ERROR(lookups.RequireProvider(c.provider_id).status());
    RESKILL_RETURN_IF_ERROR(lookups.CheckElements(c));
    RESKILL_ASSIGN_OR_RETURN(auto terms, lookups.SearchTerms(c));
    RESKILL_RETURN_IF_ERROR(uow.course_catalog().InsertCourse(c, terms));
    RESKILL_RETURN_IF_ERROR(uow.audit().Append(
        MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "course.create", "course",
                       IdText(c.id.value()), "ok", "provider=" + IdText(c.provider_id.value()))));
    RESKILL_ASSIGN_OR_RETURN(view, lookups.ViewOf(c));
    return Status::Ok();
  }));
  return view;
}

StatusOr<CourseView> ManageCourses::Update(const Principal& actor, CourseId id,
                                           const CoursePatch& patch,
                                           const RequestInfo& request) const {
  CourseView view;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.course_catalog().FindCourse(actor.tenant_id, id));
    if (!found) return NotFound("no such course");
    Course c = *found;
    ChangedFields changed;
    changed.Apply(patch.provider_id, c.provider_id, "provider_id");
    changed.Apply(patch.external_id, c.external_id, "external_id");
    if (patch.url) changed.Apply(std::optional(TrimmedCopy(*patch.url)), c.url, "url");
    if (patch.title) changed.Apply(std::optional(TrimmedCopy(*patch.title)), c.title, "title");
    changed.Apply(patch.description, c.description, "description");
    changed.Apply(patch.language, c.language, "language");
    changed.Apply(patch.estimated_hours, c.estimated_hours, "estimated_hours");
    changed.Apply(patch.level, c.level, "level");
    changed.Apply(patch.is_free, c.is_free, "free");
    changed.Apply(patch.offers_certificate, c.offers_certificate, "certificate");
    changed.Apply(patch.skills, c.skills, "skills");
    RESKILL_RETURN_IF_ERROR(domain::catalog::ValidateCourse(c));
    Lookups lookups(uow, actor.tenant_id);
    if (!changed.empty()) {
      RESKILL_RETURN_IF_ERROR(lookups.RequireProvider(c.provider_id).status());
      RESKILL_RETURN_IF_ERROR(lookups.CheckElements(c));
      RESKILL_ASSIGN_OR_RETURN(auto terms, lookups.SearchTerms(c));
      c.updated_at = ctx_.clock.Now();
      RESKILL_RETURN_IF_ERROR(uow.course_catalog().UpdateCourse(c, terms));
      RESKILL_RETURN_IF_ERROR(
          uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "course.update",
                                            "course", IdText(c.id.value()), "ok", changed.text())));
    }
    RESKILL_ASSIGN_OR_RETURN(view, lookups.ViewOf(c));
    return Status::Ok();
  }));
  return view;
}

Status ManageCourses::Delete(const Principal& actor, CourseId id,
                             const RequestInfo& request) const {
  return ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.course_catalog().FindCourse(actor.tenant_id, id));
    if (!found) return NotFound("no such course");
    RESKILL_ASSIGN_OR_RETURN(auto paths,
                             uow.course_catalog().ListPathsContainingCourse(actor.tenant_id, id));
    if (!paths.empty()) {
      return FailedPrecondition("the course is part of learning paths (" + Names(paths) +
                                "); remove it from them first");
    }
    RESKILL_RETURN_IF_ERROR(uow.course_catalog().DeleteCourse(actor.tenant_id, id));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "course.delete",
                                             "course", IdText(id.value())));
  });
}

// --- Learning paths ----------------------------------------------------------------------------

StatusOr<LearningPathView> ManageLearningPaths::Create(const Principal& actor,
                                                       const LearningPath& draft,
                                                       const RequestInfo& request) const {
  LearningPath p = draft;
  p.tenant_id = actor.tenant_id;
  p.id = LearningPathId(ctx_.ids.Next());
  p.name = TrimmedCopy(p.name);
  p.created_at = p.updated_at = ctx_.clock.Now();
  RESKILL_RETURN_IF_ERROR(domain::catalog::ValidateLearningPath(p));
  LearningPathView view;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    Lookups lookups(uow, actor.tenant_id);
    RESKILL_RETURN_IF_ERROR(lookups.CheckPath(p));
    // Stored and read back ordered by code; the answer shows them the same way.
    std::sort(p.occupation_codes.begin(), p.occupation_codes.end());
    RESKILL_RETURN_IF_ERROR(uow.course_catalog().InsertLearningPath(p));
    RESKILL_RETURN_IF_ERROR(uow.audit().Append(
        MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "learning_path.create",
                       "learning_path", IdText(p.id.value()))));
    RESKILL_ASSIGN_OR_RETURN(view, lookups.ViewOf(p));
    return Status::Ok();
  }));
  return view;
}

StatusOr<LearningPathView> ManageLearningPaths::Update(const Principal& actor, LearningPathId id,
                                                       const LearningPathPatch& patch,
                                                       const RequestInfo& request) const {
  LearningPathView view;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found,
                             uow.course_catalog().FindLearningPath(actor.tenant_id, id));
    if (!found) return NotFound("no such learning path");
    LearningPath p = *found;
    ChangedFields changed;
    if (patch.name) changed.Apply(std::optional(TrimmedCopy(*patch.name)), p.name, "name");
    changed.Apply(patch.description, p.description, "description");
    changed.Apply(patch.is_introductory, p.is_introductory, "introductory");
    changed.Apply(patch.course_ids, p.course_ids, "course_ids");
    if (patch.occupation_codes) {
      // Stored sorted by code; compare as sets so that reordering is not a change.
      auto codes = *patch.occupation_codes;
      std::vector<std::string> sorted = codes;
      std::sort(sorted.begin(), sorted.end());
      if (sorted != p.occupation_codes) {
        p.occupation_codes = std::move(codes);
        changed.Note("occupation_codes");
      }
    }
    RESKILL_RETURN_IF_ERROR(domain::catalog::ValidateLearningPath(p));
    Lookups lookups(uow, actor.tenant_id);
    if (!changed.empty()) {
      RESKILL_RETURN_IF_ERROR(lookups.CheckPath(p));
      p.updated_at = ctx_.clock.Now();
      RESKILL_RETURN_IF_ERROR(uow.course_catalog().UpdateLearningPath(p));
      RESKILL_RETURN_IF_ERROR(uow.audit().Append(
          MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "learning_path.update",
                         "learning_path", IdText(p.id.value()), "ok", changed.text())));
      RESKILL_ASSIGN_OR_RETURN(auto stored,
                               uow.course_catalog().FindLearningPath(actor.tenant_id, id));
      if (stored) p = std::move(*stored);
    }
    RESKILL_ASSIGN_OR_RETURN(view, lookups.ViewOf(p));
    return Status::Ok();
  }));
  return view;
}

Status ManageLearningPaths::Delete(const Principal& actor, LearningPathId id,
                                   const RequestInfo& request) const {
  return ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found,
                             uow.course_catalog().FindLearningPath(actor.tenant_id, id));
    if (!found) return NotFound("no such learning path");
    RESKILL_ASSIGN_OR_RETURN(
        auto collections, uow.course_catalog().ListCollectionsContainingPath(actor.tenant_id, id));
    if (!collections.empty()) {
      return FailedPrecondition("the learning path is part of collections (" + Names(collections) +
                                "); remove it from them first");
    }
    RESKILL_RETURN_IF_ERROR(uow.course_catalog().DeleteLearningPath(actor.tenant_id, id));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request,
                                             "learning_path.delete", "learning_path",
                                             IdText(id.value())));
  });
}

// --- Collections -------------------------------------------------------------------------------

StatusOr<CollectionView> ManageCollections::Create(const Principal& actor, const Collection& draft,
                                                   const RequestInfo& request) const {
  Collection c = draft;
  c.tenant_id = actor.tenant_id;
  c.id = CollectionId(ctx_.ids.Next());
  c.name = TrimmedCopy(c.name);
  c.created_at = c.updated_at = ctx_.clock.Now();
  RESKILL_RETURN_IF_ERROR(domain::catalog::ValidateCollection(c));
  CollectionView view;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    Lookups lookups(uow, actor.tenant_id);
    RESKILL_RETURN_IF_ERROR(lookups.CheckCollection(c));
    RESKILL_RETURN_IF_ERROR(uow.course_catalog().InsertCollection(c));
    RESKILL_RETURN_IF_ERROR(uow.audit().Append(
        MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "collection.create", "collection",
                       IdText(c.id.value()), "ok",
                       "theme=" + std::string(domain::catalog::CollectionThemeName(c.theme)))));
    RESKILL_ASSIGN_OR_RETURN(view, lookups.ViewOf(c));
    return Status::Ok();
  }));
  return view;
}

StatusOr<CollectionView> ManageCollections::Update(const Principal& actor, CollectionId id,
                                                   const CollectionPatch& patch,
                                                   const RequestInfo& request) const {
  CollectionView view;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.course_catalog().FindCollection(actor.tenant_id, id));
    if (!found) return NotFound("no such collection");
    Collection c = *found;
    ChangedFields changed;
    if (patch.name) changed.Apply(std::optional(TrimmedCopy(*patch.name)), c.name, "name");
    changed.Apply(patch.description, c.description, "description");
    changed.Apply(patch.theme, c.theme, "theme");
    changed.Apply(patch.path_ids, c.path_ids, "path_ids");
    RESKILL_RETURN_IF_ERROR(domain::catalog::ValidateCollection(c));
    Lookups lookups(uow, actor.tenant_id);
    if (!changed.empty()) {
      RESKILL_RETURN_IF_ERROR(lookups.CheckCollection(c));
      c.updated_at = ctx_.clock.Now();
      RESKILL_RETURN_IF_ERROR(uow.course_catalog().UpdateCollection(c));
      RESKILL_RETURN_IF_ERROR(uow.audit().Append(
          MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "collection.update", "collection",
                         IdText(c.id.value()), "ok", changed.text())));
    }
    RESKILL_ASSIGN_OR_RETURN(view, lookups.ViewOf(c));
    return Status::Ok();
  }));
  return view;
}

Status ManageCollections::Delete(const Principal& actor, CollectionId id,
                                 const RequestInfo& request) const {
  return ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_RETURN_IF_ERROR(uow.course_catalog().DeleteCollection(actor.tenant_id, id));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request,
                                             "collection.delete", "collection",
                                             IdText(id.value())));
  });
}

// --- Reads -------------------------------------------------------------------------------------

StatusOr<std::vector<Provider>> ReadCatalog::ListProviders(const Principal& actor) const {
  std::vector<Provider> out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(out, uow.course_catalog().ListProviders(actor.tenant_id));
    return Status::Ok();
  }));
  return out;
}

StatusOr<Provider> ReadCatalog::GetProvider(const Principal& actor, ProviderId id) const {
  std::optional<Provider> out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(out, uow.course_catalog().FindProvider(actor.tenant_id, id));
    return Status::Ok();
  }));
  if (!out) return NotFound("no such provider");
  return *out;
}

StatusOr<CoursePage> ReadCatalog::SearchCourses(const Principal& actor,
                                                const CourseQuery& query) const {
  if (query.text.size() > 200) return InvalidArgument("q has at most 200 characters", "q");
  if (!IsValidUtf8(query.text)) return InvalidArgument("q must be UTF-8 text", "q");
  if (!query.element_id.empty()) {
    RESKILL_RETURN_IF_ERROR(domain::catalog::ValidateElementId(query.element_id, "skill"));
  }
  if (query.limit < 1 || query.limit > kMaxCoursePage) {
    return InvalidArgument("limit is between 1 and 200", "limit");
  }
  if (query.offset < 0) return InvalidArgument("offset is 0 or more", "offset");
  CoursePage page;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto courses,
                             uow.course_catalog().ListCourses(actor.tenant_id, query));
    RESKILL_ASSIGN_OR_RETURN(page.total, uow.course_catalog().CountCourses(actor.tenant_id, query));
    Lookups lookups(uow, actor.tenant_id);
    for (auto& c : courses) {
      RESKILL_ASSIGN_OR_RETURN(auto view, lookups.ViewOf(std::move(c)));
      page.items.push_back(std::move(view));
    }
    return Status::Ok();
  }));
  return page;
}

StatusOr<CourseDetail> ReadCatalog::GetCourse(const Principal& actor, CourseId id) const {
  std::optional<CourseDetail> out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto course, uow.course_catalog().FindCourse(actor.tenant_id, id));
    if (!course) return Status::Ok();
    Lookups lookups(uow, actor.tenant_id);
    CourseDetail detail;
    RESKILL_ASSIGN_OR_RETURN(detail.view, lookups.ViewOf(std::move(*course)));
    RESKILL_ASSIGN_OR_RETURN(detail.paths,
                             uow.course_catalog().ListPathsContainingCourse(actor.tenant_id, id));
    out = std::move(detail);
    return Status::Ok();
  }));
  if (!out) return NotFound("no such course");
  return std::move(*out);
}

StatusOr<std::vector<LearningPathSummary>> ReadCatalog::ListLearningPaths(
    const Principal& actor) const {
  std::vector<LearningPathSummary> out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto paths, uow.course_catalog().ListLearningPaths(actor.tenant_id));
    Lookups lookups(uow, actor.tenant_id);
    for (auto& p : paths) {
      RESKILL_ASSIGN_OR_RETURN(auto summary, lookups.SummaryOf(std::move(p)));
      out.push_back(std::move(summary));
    }
    return Status::Ok();
  }));
  return out;
}

StatusOr<LearningPathView> ReadCatalog::GetLearningPath(const Principal& actor,
                                                        LearningPathId id) const {
  std::optional<LearningPathView> out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto path, uow.course_catalog().FindLearningPath(actor.tenant_id, id));
    if (!path) return Status::Ok();
    Lookups lookups(uow, actor.tenant_id);
    RESKILL_ASSIGN_OR_RETURN(out, lookups.ViewOf(std::move(*path)));
    return Status::Ok();
  }));
  if (!out) return NotFound("no such learning path");
  return std::move(*out);
}

StatusOr<std::vector<CollectionView>> ReadCatalog::ListCollections(const Principal& actor) const {
  std::vector<CollectionView> out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto collections,
                             uow.course_catalog().ListCollections(actor.tenant_id));
    Lookups lookups(uow, actor.tenant_id);
    for (auto& c : collections) {
      RESKILL_ASSIGN_OR_RETURN(auto view, lookups.ViewOf(std::move(c)));
      out.push_back(std::move(view));
    }
    return Status::Ok();
  }));
  return out;
}

StatusOr<CollectionView> ReadCatalog::GetCollection(const Principal& actor, CollectionId id) const {
  std::optional<CollectionView> out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.course_catalog().FindCollection(actor.tenant_id, id));
    if (!found) return Status::Ok();
    Lookups lookups(uow, actor.tenant_id);
    RESKILL_ASSIGN_OR_RETURN(out, lookups.ViewOf(std::move(*found)));
    return Status::Ok();
  }));
  if (!out) return NotFound("no such collection");
  return std::move(*out);
}

// --- Related courses ---------------------------------------------------------------------------

StatusOr<std::vector<RelatedCourse>> RelatedCourses::Run(const Principal& actor,
                                                         std::string_view code, int limit) const {
  RESKILL_RETURN_IF_ERROR(domain::catalog::ValidateOnetCode(code));
  if (limit < 1 || limit > 100) return InvalidArgument("limit is between 1 and 100", "limit");
  std::vector<RelatedCourse> out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    auto& catalog = uow.course_catalog();
    Lookups lookups(uow, actor.tenant_id);
    std::map<std::int64_t, std::size_t> index;  // course id → position in `out`
    RESKILL_ASSIGN_OR_RETURN(auto paths,
                             catalog.ListLearningPathsForOccupation(actor.tenant_id, code));
    for (const auto& path : paths) {
      for (auto id : path.course_ids) {
        auto it = index.find(id.value());
        if (it == index.end()) {
          RESKILL_ASSIGN_OR_RETURN(auto course, catalog.FindCourse(actor.tenant_id, id));
          if (!course) continue;
          RelatedCourse related;
          RESKILL_ASSIGN_OR_RETURN(related.course, lookups.ViewOf(std::move(*course)));
          it = index.emplace(id.value(), out.size()).first;
          out.push_back(std::move(related));
        }
        auto& names = out[it->second].path_names;
        if (std::find(names.begin(), names.end(), path.name) == names.end()) {
          names.push_back(path.name);
        }
      }
    }

    // The occupation's most important skill and knowledge elements.
    std::vector<domain::catalog::RatedElement> rated;
    for (auto kind : {ElementKind::kSkill, ElementKind::kKnowledge}) {
      RESKILL_ASSIGN_OR_RETURN(auto some, uow.occupations().RatedElements(code, kind));
      rated.insert(rated.end(), some.begin(), some.end());
    }
    std::stable_sort(rated.begin(), rated.end(),
                     [](const auto& a, const auto& b) { return a.importance > b.importance; });
    if (rated.size() > kTopElements) rated.resize(kTopElements);
    std::vector<std::string> top;
    for (const auto& r : rated) top.push_back(r.element.id);
    const std::set<std::string> top_set(top.begin(), top.end());

    RESKILL_ASSIGN_OR_RETURN(auto teaching, catalog.ListCoursesTeaching(actor.tenant_id, top));
    std::vector<RelatedCourse> by_skill;
    for (auto& course : teaching) {
      std::vector<std::string> matched;
      for (const auto& s : course.skills) {
        if (top_set.contains(s.element_id)) matched.push_back(s.element_id);
      }
      auto it = index.find(course.id.value());
      if (it != index.end()) {
        out[it->second].element_ids = std::move(matched);
        continue;
      }
      RelatedCourse related;
      related.element_ids = std::move(matched);
      RESKILL_ASSIGN_OR_RETURN(related.course, lookups.ViewOf(std::move(course)));
      by_skill.push_back(std::move(related));
    }
    // ListCoursesTeaching is ordered by title; keep that order among equal counts.
    std::stable_sort(by_skill.begin(), by_skill.end(), [](const auto& a, const auto& b) {
      return a.element_ids.size() > b.element_ids.size();
    });
    for (auto& r : by_skill) out.push_back(std::move(r));
    return Status::Ok();
  }));
  if (static_cast<int>(out.size()) > limit) out.resize(static_cast<std::size_t>(limit));
  return out;
}

}  // namespace reskill::app::catalog
