// Helpers shared by the catalogue use cases (src/app/catalog): reference checks against O*NET and
// the agency's records, search terms, and assembling views. Internal to the app layer. Each
// Lookups object belongs to one transaction on one thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/catalog/course_catalog.hpp"
#include "app/ports/database.hpp"

namespace reskill::app::catalog::detail {

/// The id as decimal text (audit targets).
std::string IdText(std::int64_t id);

/// Cached reads of one transaction: providers of the tenant, O*NET elements and occupations.
class Lookups {
 public:
  Lookups(UnitOfWork& uow, TenantId tenant) : uow_(uow), tenant_(tenant) {}

  StatusOr<std::optional<Provider>> FindProvider(ProviderId id);
  StatusOr<std::optional<domain::catalog::Element>> FindElement(const std::string& id);
  StatusOr<std::optional<domain::catalog::Occupation>> FindOccupation(const std::string& code);

  /// kInvalidArgument ("skills[i].element_id") unless every skill names a skill or knowledge
  /// element of the stored O*NET release.
  Status CheckElements(const Course& course);
  /// kInvalidArgument ("provider_id") unless the provider exists in the tenant.
  StatusOr<Provider> RequireProvider(ProviderId id);
  /// kInvalidArgument ("course_ids[i]", "occupation_codes[i]") for unknown references.
  Status CheckPath(const LearningPath& path);
  /// kInvalidArgument ("path_ids[i]") for unknown paths.
  Status CheckCollection(const Collection& collection);

  /// What full-text search matches a course by besides title and description: the provider's
  /// name and slug, and each element's id and name.
  StatusOr<std::string> SearchTerms(const Course& course);

  StatusOr<CourseView> ViewOf(Course course);
  StatusOr<LearningPathView> ViewOf(LearningPath path);
  StatusOr<LearningPathSummary> SummaryOf(LearningPath path);
  StatusOr<CollectionView> ViewOf(Collection collection);

 private:
  UnitOfWork& uow_;
  TenantId tenant_;
  std::map<std::int64_t, std::optional<Provider>> providers_;
  std::map<std::string, std::optional<domain::catalog::Element>> elements_;
  std::map<std::string, std::optional<domain::catalog::Occupation>> occupations_;
  std::map<std::int64_t, std::optional<Course>> courses_;
};

}  // namespace reskill::app::catalog::detail
