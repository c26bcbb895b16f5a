// The course-catalogue repository over SqlConnection, once for both engines (named queries in
// queries/courses.sql; full-text search is FTS5 on SQLite and tsvector on PostgreSQL). Each
// object lives for one transaction on one thread.
#pragma once

#include <string>
#include <string_view>

#include "app/ports/course_catalog_repository.hpp"
#include "storage/sql/query_catalog.hpp"
#include "storage/sql/sql.hpp"

namespace reskill::storage {

/// Turns free text into a full-text query both engines accept: each word (letters and digits,
/// any non-ASCII byte counts as a letter) double-quoted, separated by spaces, so that FTS5
/// operators and punctuation in user input have no effect ("C++ help-desk" → "\"C\" \"help\"
/// \"desk\""). PostgreSQL's plainto_tsquery ignores the quotes. Empty when there is no word.
std::string FullTextQuery(std::string_view text);

class SqlCourseCatalogRepository final : public app::CourseCatalogRepository {
 public:
  SqlCourseCatalogRepository(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}

  Status InsertProvider(const domain::catalog::Provider& provider) override;
  Status UpdateProvider(const domain::catalog::Provider& provider) override;
  Status DeleteProvider(TenantId tenant, domain::catalog::ProviderId id) override;
  StatusOr<std::optional<domain::catalog::Provider>> FindProvider(
      TenantId tenant, domain::catalog::ProviderId id) override;
  StatusOr<std::optional<domain::catalog::Provider>> FindProviderBySlug(
      TenantId tenant, std::string_view slug) override;
  StatusOr<std::vector<domain::catalog::Provider>> ListProviders(TenantId tenant) override;

  Status InsertCourse(const domain::catalog::Course& course,
                      std::string_view search_terms) override;
  Status UpdateCourse(const domain::catalog::Course& course,
                      std::string_view search_terms) override;
  Status DeleteCourse(TenantId tenant, domain::catalog::CourseId id) override;
  StatusOr<std::optional<domain::catalog::Course>> FindCourse(
      TenantId tenant, domain::catalog::CourseId id) override;
  StatusOr<std::optional<domain::catalog::Course>> FindCourseByExternalId(
      TenantId tenant, domain::catalog::ProviderId provider, std::string_view external_id) override;
  StatusOr<std::vector<domain::catalog::Course>> ListCourses(
      TenantId tenant, const app::CourseQuery& query) override;
  StatusOr<std::int64_t> CountCourses(TenantId tenant, const app::CourseQuery& query) override;
  StatusOr<std::vector<domain::catalog::Course>> ListCoursesTeaching(
      TenantId tenant, std::span<const std::string> element_ids) override;
  StatusOr<std::vector<domain::catalog::LearningPath>> ListPathsContainingCourse(
      TenantId tenant, domain::catalog::CourseId id) override;

  Status InsertLearningPath(const domain::catalog::LearningPath& path) override;
  Status UpdateLearningPath(const domain::catalog::LearningPath& path) override;
  Status DeleteLearningPath(TenantId tenant, domain::catalog::LearningPathId id) override;
  StatusOr<std::optional<domain::catalog::LearningPath>> FindLearningPath(
      TenantId tenant, domain::catalog::LearningPathId id) override;
  StatusOr<std::optional<domain::catalog::LearningPath>> FindLearningPathByName(
      TenantId tenant, std::string_view name) override;
  StatusOr<std::vector<domain::catalog::LearningPath>> ListLearningPaths(TenantId tenant) override;
  StatusOr<std::vector<domain::catalog::LearningPath>> ListLearningPathsForOccupation(
      TenantId tenant, std::string_view code) override;
  StatusOr<std::vector<domain::catalog::Collection>> ListCollectionsContainingPath(
      TenantId tenant, domain::catalog::LearningPathId id) override;

  Status InsertCollection(const domain::catalog::Collection& collection) override;
  Status UpdateCollection(const domain::catalog::Collection& collection) override;
  Status DeleteCollection(TenantId tenant, domain::catalog::CollectionId id) override;
  StatusOr<std::optional<domain::catalog::Collection>> FindCollection(
      TenantId tenant, domain::catalog::CollectionId id) override;
  StatusOr<std::vector<domain::catalog::Collection>> ListCollections(TenantId tenant) override;

 private:
  Status LoadSkills(domain::catalog::Course& course);
  Status WriteSkills(const domain::catalog::Course& course);
  StatusOr<std::vector<domain::catalog::Course>> CoursesFromRows(const SqlRows& rows);
  Status LoadPathLists(domain::catalog::LearningPath& path);
  Status WritePathLists(const domain::catalog::LearningPath& path);
  StatusOr<std::vector<domain::catalog::LearningPath>> PathsFromRows(const SqlRows& rows);
  Status LoadCollectionPaths(domain::catalog::Collection& collection);
  Status WriteCollectionPaths(const domain::catalog::Collection& collection);
  StatusOr<std::vector<domain::catalog::Collection>> CollectionsFromRows(const SqlRows& rows);

  SqlConnection& conn_;
  const QueryCatalog& q_;
};

}  // namespace reskill::storage
