// Port for the O*NET reference data (global, not tenant-owned): occupations, elements, ratings
// and their detail. One object per transaction (from UnitOfWork::occupations()).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "domain/catalog/onet.hpp"

namespace reskill::app {

/// Everything one O*NET release holds, as parsed by the importer, ready to be written.
struct OnetReleaseData {
  domain::catalog::OnetRelease release;
  std::vector<domain::catalog::Occupation> occupations;
  std::vector<domain::catalog::Element> elements;
  std::vector<domain::catalog::ElementRating> ratings;
  std::vector<domain::catalog::AlternateTitle> alternate_titles;
  std::vector<domain::catalog::TechnologySkill> technology;
  std::vector<domain::catalog::Task> tasks;
  std::vector<std::pair<std::int64_t, std::string>> task_dwas;  ///< (task id, DWA id)
  std::vector<domain::catalog::DetailedWorkActivity> dwas;
  std::vector<domain::catalog::EducationRating> education;
};

struct OccupationListQuery {
  int job_zone = 0;        ///< 0: any
  std::string soc_prefix;  ///< "15-" for computer and mathematical occupations; empty: any
  std::string after_code;  ///< keyset paging: codes greater than this
  int limit = 50;
};

class OccupationRepository {
 public:
  virtual ~OccupationRepository() = default;

  // Reads.
  virtual StatusOr<std::optional<domain::catalog::Occupation>> Find(std::string_view code) = 0;
  /// Occupations ordered by code.
  virtual StatusOr<std::vector<domain::catalog::Occupation>> List(
      const OccupationListQuery& query) = 0;
  virtual StatusOr<std::int64_t> Count() = 0;
  virtual StatusOr<std::optional<domain::catalog::Element>> FindElement(std::string_view id) = 0;
  /// Elements of one kind, ordered by id.
  virtual StatusOr<std::vector<domain::catalog::Element>> ListElements(
      domain::catalog::ElementKind kind) = 0;
  /// The occupation's rated elements of `kind`, most important first (suppressed ratings omitted).
  virtual StatusOr<std::vector<domain::catalog::RatedElement>> RatedElements(
      std::string_view code, domain::catalog::ElementKind kind) = 0;
  /// Every rating of every occupation (for the pathway engine's in-memory model).
  virtual StatusOr<std::vector<domain::catalog::ElementRating>> AllRatings() = 0;
  virtual StatusOr<std::vector<domain::catalog::AlternateTitle>> AlternateTitles(
      std::string_view code) = 0;
  virtual StatusOr<std::vector<domain::catalog::TechnologySkill>> Technology(
      std::string_view code) = 0;
  virtual StatusOr<std::vector<domain::catalog::Task>> Tasks(std::string_view code) = 0;
  /// The DWAs linked to the occupation's tasks, deduplicated.
  virtual StatusOr<std::vector<domain::catalog::DetailedWorkActivity>> WorkActivities(
      std::string_view code) = 0;
  virtual StatusOr<std::vector<domain::catalog::EducationRating>> Education(
      std::string_view code) = 0;
  // Bulk reads of every occupation's detail (for the pathway model, built once per release).
  /// Every alternate title, by occupation code.
  virtual StatusOr<std::vector<domain::catalog::AlternateTitle>> AllAlternateTitles() = 0;
  /// Every technology skill, by occupation code.
  virtual StatusOr<std::vector<domain::catalog::TechnologySkill>> AllTechnology() = 0;
  /// Every (occupation code, DWA) link through the occupation's tasks, deduplicated, by code.
  virtual StatusOr<std::vector<std::pair<std::string, domain::catalog::DetailedWorkActivity>>>
  AllWorkActivities() = 0;
  /// Every education/training/experience category rating, by occupation code.
  virtual StatusOr<std::vector<domain::catalog::EducationRating>> AllEducation() = 0;
  /// The last imported release, if any.
  virtual StatusOr<std::optional<domain::catalog::OnetRelease>> CurrentRelease() = 0;

  // Writes (the importer).
  /// Replaces the whole O*NET data set with `data` in place (rows absent from `data` are removed,
  /// changed rows updated, unchanged rows untouched) and records the release.
  virtual Status ReplaceRelease(const OnetReleaseData& data) = 0;
};

}  // namespace reskill::app
