// Use cases of the agency catalogue: creating, changing, deleting and reading providers, courses,
// learning paths and collections, with the referential checks the schema cannot make (O*NET
// elements and occupations are global reference data) and an audit event per change.
// The actor's tenant scopes everything. Stateless beyond the AppContext reference; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "domain/catalog/courses.hpp"
#include "domain/catalog/onet.hpp"

namespace reskill::app::catalog {

using domain::catalog::Collection;
using domain::catalog::CollectionId;
using domain::catalog::Course;
using domain::catalog::CourseId;
using domain::catalog::LearningPath;
using domain::catalog::LearningPathId;
using domain::catalog::Provider;
using domain::catalog::ProviderId;

/// A course as pages and the API show it: with its provider and the names of the elements it
/// teaches (`element_names[i]` belongs to `course.skills[i]`; empty when O*NET lacks the id).
struct CourseView {
  Course course;
  Provider provider;
  std::vector<std::string> element_names;
};

/// A learning path with its courses in order, their total hours and its occupations (an
/// occupation missing from O*NET has an empty title).
struct LearningPathView {
  LearningPath path;
  std::vector<CourseView> courses;
  double total_hours = 0;
  std::vector<domain::catalog::Occupation> occupations;
};

/// A learning path in a list: without course details.
struct LearningPathSummary {
  LearningPath path;
  double total_hours = 0;
};

struct CollectionView {
  Collection collection;
  std::vector<LearningPathSummary> paths;
};

/// One page of a course search.
struct CoursePage {
  std::vector<CourseView> items;
  std::int64_t total = 0;  ///< Matches across all pages.
};

/// A course with the paths that contain it (its detail page).
struct CourseDetail {
  CourseView view;
  std::vector<LearningPath> paths;
};

// Changes. Absent fields stay as they are.
struct ProviderPatch {
  std::optional<std::string> slug;
  std::optional<std::string> name;
  std::optional<std::string> website;
  std::optional<std::vector<domain::catalog::LicenseType>> license_types;
};

struct CoursePatch {
  std::optional<ProviderId> provider_id;
  std::optional<std::string> external_id;
  std::optional<std::string> url;
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> language;
  std::optional<double> estimated_hours;
  std::optional<domain::catalog::CourseLevel> level;
  std::optional<bool> is_free;
  std::optional<bool> offers_certificate;
  std::optional<std::vector<domain::catalog::CourseSkill>> skills;
};

struct LearningPathPatch {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<bool> is_introductory;
  std::optional<std::vector<CourseId>> course_ids;
  std::optional<std::vector<std::string>> occupation_codes;
};

struct CollectionPatch {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<domain::catalog::CollectionTheme> theme;
  std::optional<std::vector<LearningPathId>> path_ids;
};

/// Providers of the actor's agency. Errors: kInvalidArgument with the field; kAlreadyExists
/// (slug); kNotFound for unknown ids (also other agencies'); Delete: kFailedPrecondition while
/// courses refer to the provider. Audited as provider.create / provider.update / provider.delete.
class ManageProviders {
 public:
  explicit ManageProviders(const AppContext& ctx) : ctx_(ctx) {}
  /// `draft`'s slug, name, website and license types are used; ids and times are assigned.
  StatusOr<Provider> Create(const Principal& actor, const Provider& draft,
                            const RequestInfo& request) const;
  /// A new name or slug also refreshes the search terms of the provider's courses.
  StatusOr<Provider> Update(const Principal& actor, ProviderId id, const ProviderPatch& patch,
                            const RequestInfo& request) const;
  Status Delete(const Principal& actor, ProviderId id, const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

/// Courses of the actor's agency. Errors: kInvalidArgument with the field, also for references:
/// an unknown provider ("provider_id"), an element O*NET does not have or that is not a skill or
/// knowledge element ("skills[i].element_id"); kAlreadyExists (external_id) when the provider
/// already has that course; kNotFound; Delete: kFailedPrecondition while a learning path contains
/// the course. Audited as course.create / course.update / course.delete.
class ManageCourses {
 public:
  explicit ManageCourses(const AppContext& ctx) : ctx_(ctx) {}
  /// `draft`'s provider_id and content fields are used; ids and times are assigned.
  StatusOr<CourseView> Create(const Principal& actor, const Course& draft,
                              const RequestInfo& request) const;
  StatusOr<CourseView> Update(const Principal& actor, CourseId id, const CoursePatch& patch,
                              const RequestInfo& request) const;
  Status Delete(const Principal& actor, CourseId id, const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

/// Learning paths of the actor's agency. Errors: kInvalidArgument with the field, also for an
/// unknown course ("course_ids[i]") or an occupation O*NET does not have
/// ("occupation_codes[i]"); kAlreadyExists (name); kNotFound; Delete: kFailedPrecondition while a
/// collection contains the path. Audited as learning_path.create / .update / .delete.
class ManageLearningPaths {
 public:
  explicit ManageLearningPaths(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<LearningPathView> Create(const Principal& actor, const LearningPath& draft,
                                    const RequestInfo& request) const;
  StatusOr<LearningPathView> Update(const Principal& actor, LearningPathId id,
                                    const LearningPathPatch& patch,
                                    const RequestInfo& request) const;
  Status Delete(const Principal& actor, LearningPathId id, const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

/// Collections of the actor's agency. Errors: kInvalidArgument with the field, also for an
/// unknown path ("path_ids[i]"); kAlreadyExists (name); kNotFound. Audited as
/// collection.create / collection.update / collection.delete.
class ManageCollections {
 public:
  explicit ManageCollections(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<CollectionView> Create(const Principal& actor, const Collection& draft,
                                  const RequestInfo& request) const;
  StatusOr<CollectionView> Update(const Principal& actor, CollectionId id,
                                  const CollectionPatch& patch, const RequestInfo& request) const;
  Status Delete(const Principal& actor, CollectionId id, const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

inline constexpr int kMaxCoursePage = 200;

/// Reads the actor's agency catalogue. Get* return kNotFound for unknown ids (also other
/// agencies'). SearchCourses: kInvalidArgument for text that is not UTF-8 or longer than 200
/// bytes ("q"), a malformed element id ("skill"), or a limit outside 1–200 ("limit").
class ReadCatalog {
 public:
  explicit ReadCatalog(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<std::vector<Provider>> ListProviders(const Principal& actor) const;
  StatusOr<Provider> GetProvider(const Principal& actor, ProviderId id) const;
  StatusOr<CoursePage> SearchCourses(const Principal& actor, const CourseQuery& query) const;
  StatusOr<CourseDetail> GetCourse(const Principal& actor, CourseId id) const;
  StatusOr<std::vector<LearningPathSummary>> ListLearningPaths(const Principal& actor) const;
  StatusOr<LearningPathView> GetLearningPath(const Principal& actor, LearningPathId id) const;
  StatusOr<std::vector<CollectionView>> ListCollections(const Principal& actor) const;
  StatusOr<CollectionView> GetCollection(const Principal& actor, CollectionId id) const;

 private:
  const AppContext& ctx_;
};

/// A course related to an occupation, and why.
struct RelatedCourse {
  CourseView course;
  std::vector<std::string> path_names;   ///< Paths for the occupation that contain the course.
  std::vector<std::string> element_ids;  ///< The occupation's top elements the course teaches.
};

/// The agency's courses related to an O*NET-SOC occupation, for the occupation page: first the
/// courses of learning paths that prepare for the occupation (paths by name, courses in path
/// order), then courses teaching the occupation's most important skill and knowledge elements
/// (most of those elements first, then by title). At most `limit` (1–100) courses, no repeats.
/// kInvalidArgument (code, limit). An occupation O*NET does not know simply has no elements.
class RelatedCourses {
 public:
  explicit RelatedCourses(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<std::vector<RelatedCourse>> Run(const Principal& actor, std::string_view code,
                                           int limit = 10) const;

  /// How many of the occupation's elements (skills and knowledge together, most important
  /// first) count as its top elements.
  static constexpr std::size_t kTopElements = 8;

 private:
  const AppContext& ctx_;
};

}  // namespace reskill::app::catalog
