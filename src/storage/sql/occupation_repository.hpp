// The O*NET repository over SqlConnection, once for both engines: reads through named queries
// (queries/onet.sql) and the importer's in-place release replacement through batched dynamic
// statements. Each object lives for one transaction on one thread.
#pragma once

#include "app/ports/occupation_repository.hpp"
#include "storage/sql/query_catalog.hpp"
#include "storage/sql/sql.hpp"

namespace reskill::storage {

class SqlOccupationRepository final : public app::OccupationRepository {
 public:
  SqlOccupationRepository(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}

  StatusOr<std::optional<domain::catalog::Occupation>> Find(std::string_view code) override;
  /// `query.limit` is clamped to 1..1000; `soc_prefix` is literal text (no wildcards).
  StatusOr<std::vector<domain::catalog::Occupation>> List(
      const app::OccupationListQuery& query) override;
  StatusOr<std::int64_t> Count() override;
  StatusOr<std::optional<domain::catalog::Element>> FindElement(std::string_view id) override;
  StatusOr<std::vector<domain::catalog::Element>> ListElements(
      domain::catalog::ElementKind kind) override;
  StatusOr<std::vector<domain::catalog::RatedElement>> RatedElements(
      std::string_view code, domain::catalog::ElementKind kind) override;
  StatusOr<std::vector<domain::catalog::ElementRating>> AllRatings() override;
  StatusOr<std::vector<domain::catalog::AlternateTitle>> AlternateTitles(
      std::string_view code) override;
  StatusOr<std::vector<domain::catalog::TechnologySkill>> Technology(
      std::string_view code) override;
  StatusOr<std::vector<domain::catalog::Task>> Tasks(std::string_view code) override;
  StatusOr<std::vector<domain::catalog::DetailedWorkActivity>> WorkActivities(
      std::string_view code) override;
  StatusOr<std::vector<domain::catalog::EducationRating>> Education(std::string_view code) override;
  StatusOr<std::vector<domain::catalog::AlternateTitle>> AllAlternateTitles() override;
  StatusOr<std::vector<domain::catalog::TechnologySkill>> AllTechnology() override;
  StatusOr<std::vector<std::pair<std::string, domain::catalog::DetailedWorkActivity>>>
  AllWorkActivities() override;
  StatusOr<std::vector<domain::catalog::EducationRating>> AllEducation() override;
  StatusOr<std::optional<domain::catalog::OnetRelease>> CurrentRelease() override;

  /// Compares `data` with the stored rows table by table and writes only the differences:
  /// deletes (children before parents), then multi-row upserts (parents before children).
  /// kInvalidArgument when `data` holds the same key twice; kFailedPrecondition when a row
  /// refers to a missing parent or another table still refers to a removed occupation/element.
  Status ReplaceRelease(const app::OnetReleaseData& data) override;

 private:
  SqlConnection& conn_;
  const QueryCatalog& q_;
};

}  // namespace reskill::storage
