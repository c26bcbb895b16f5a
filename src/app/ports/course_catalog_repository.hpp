// Port for an agency's learning catalogue: providers, courses (with the elements they teach),
// learning paths and collections. Every method is scoped to one tenant. One object per
// transaction (UnitOfWork::course_catalog()), used by one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/ids.hpp"
#include "common/status.hpp"
#include "domain/catalog/courses.hpp"

namespace reskill::app {

/// Which courses to list. Filters combine with AND; empty/absent filters match everything.
struct CourseQuery {
  /// Words matched by full-text search over title, description and the search terms (provider
  /// name and slug, names and ids of the elements taught); plural and singular forms match.
  /// Results are ranked by relevance (title matches first). Empty: ordered by title.
  std::string text;
  std::optional<domain::catalog::ProviderId> provider;
  std::string element_id;  ///< Only courses that teach this element.
  std::optional<domain::catalog::CourseLevel> level;
  int limit = 50;  ///< 1–10000
  int offset = 0;
};

class CourseCatalogRepository {
 public:
  virtual ~CourseCatalogRepository() = default;

  // Providers.
  /// kAlreadyExists (field "slug") when the agency has a provider with this slug.
  virtual Status InsertProvider(const domain::catalog::Provider& provider) = 0;
  /// Replaces slug, name, website, license types and updated_at. kNotFound; kAlreadyExists (slug).
  virtual Status UpdateProvider(const domain::catalog::Provider& provider) = 0;
  /// kNotFound; kFailedPrecondition while courses refer to it.
  virtual Status DeleteProvider(TenantId tenant, domain::catalog::ProviderId id) = 0;
  virtual StatusOr<std::optional<domain::catalog::Provider>> FindProvider(
      TenantId tenant, domain::catalog::ProviderId id) = 0;
  virtual StatusOr<std::optional<domain::catalog::Provider>> FindProviderBySlug(
      TenantId tenant, std::string_view slug) = 0;
  /// Every provider of the agency, by name.
  virtual StatusOr<std::vector<domain::catalog::Provider>> ListProviders(TenantId tenant) = 0;

  // Courses. `search_terms` is the extra text full-text search matches a course by (see
  // CourseQuery::text); the use cases build it.
  /// kAlreadyExists (field "external_id") when the provider already has a course with this
  /// external id; kFailedPrecondition when the provider does not exist.
  virtual Status InsertCourse(const domain::catalog::Course& course,
                              std::string_view search_terms) = 0;
  /// Replaces every mutable column and the skills. kNotFound; kAlreadyExists (external_id).
  virtual Status UpdateCourse(const domain::catalog::Course& course,
                              std::string_view search_terms) = 0;
  /// Deletes the course and its skills. kNotFound; kFailedPrecondition while a path contains it.
  virtual Status DeleteCourse(TenantId tenant, domain::catalog::CourseId id) = 0;
  virtual StatusOr<std::optional<domain::catalog::Course>> FindCourse(
      TenantId tenant, domain::catalog::CourseId id) = 0;
  virtual StatusOr<std::optional<domain::catalog::Course>> FindCourseByExternalId(
      TenantId tenant, domain::catalog::ProviderId provider, std::string_view external_id) = 0;
  /// Courses matching `query`, with their skills (ordering: see CourseQuery::text).
  virtual StatusOr<std::vector<domain::catalog::Course>> ListCourses(TenantId tenant,
                                                                     const CourseQuery& query) = 0;
  /// How many courses match `query` (limit and offset ignored).
  virtual StatusOr<std::int64_t> CountCourses(TenantId tenant, const CourseQuery& query) = 0;
  /// Courses teaching any of `element_ids`, with their skills, ordered by title.
  virtual StatusOr<std::vector<domain::catalog::Course>> ListCoursesTeaching(
      TenantId tenant, std::span<const std::string> element_ids) = 0;
  /// The learning paths that contain the course, by name.
  virtual StatusOr<std::vector<domain::catalog::LearningPath>> ListPathsContainingCourse(
      TenantId tenant, domain::catalog::CourseId id) = 0;

  // Learning paths (with their course ids in order and their occupation codes).
  /// kAlreadyExists (field "name"); kFailedPrecondition when a course does not exist.
  virtual Status InsertLearningPath(const domain::catalog::LearningPath& path) = 0;
  /// Replaces every mutable column, the courses and the occupations. kNotFound; kAlreadyExists.
  virtual Status UpdateLearningPath(const domain::catalog::LearningPath& path) = 0;
  /// kNotFound; kFailedPrecondition while a collection contains it.
  virtual Status DeleteLearningPath(TenantId tenant, domain::catalog::LearningPathId id) = 0;
  virtual StatusOr<std::optional<domain::catalog::LearningPath>> FindLearningPath(
      TenantId tenant, domain::catalog::LearningPathId id) = 0;
  virtual StatusOr<std::optional<domain::catalog::LearningPath>> FindLearningPathByName(
      TenantId tenant, std::string_view name) = 0;
  /// Every path of the agency, by name.
  virtual StatusOr<std::vector<domain::catalog::LearningPath>> ListLearningPaths(
      TenantId tenant) = 0;
  /// The paths that prepare for the O*NET-SOC occupation `code`, by name.
  virtual StatusOr<std::vector<domain::catalog::LearningPath>> ListLearningPathsForOccupation(
      TenantId tenant, std::string_view code) = 0;
  /// The collections that contain the path, by name.
  virtual StatusOr<std::vector<domain::catalog::Collection>> ListCollectionsContainingPath(
      TenantId tenant, domain::catalog::LearningPathId id) = 0;

  // Collections (with their path ids in order).
  /// kAlreadyExists (field "name"); kFailedPrecondition when a path does not exist.
  virtual Status InsertCollection(const domain::catalog::Collection& collection) = 0;
  /// Replaces every mutable column and the paths. kNotFound; kAlreadyExists (name).
  virtual Status UpdateCollection(const domain::catalog::Collection& collection) = 0;
  /// kNotFound.
  virtual Status DeleteCollection(TenantId tenant, domain::catalog::CollectionId id) = 0;
  virtual StatusOr<std::optional<domain::catalog::Collection>> FindCollection(
      TenantId tenant, domain::catalog::CollectionId id) = 0;
  /// Every collection of the agency, by name.
  virtual StatusOr<std::vector<domain::catalog::Collection>> ListCollections(TenantId tenant) = 0;
};

}  // namespace reskill::app
