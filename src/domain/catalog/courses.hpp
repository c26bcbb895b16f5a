// The agency's learning catalogue: providers, the courses they offer (with the O*NET elements a
// course teaches), learning paths (ordered courses preparing for occupations) and curated
// collections of paths for a population. Tenant-owned plain values and their validation rules;
// pure functions, thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/ids.hpp"
#include "common/status.hpp"
#include "common/time.hpp"

namespace reskill::domain::catalog {

using ProviderId = Id<struct ProviderTag>;
using CourseId = Id<struct CourseTag>;
using LearningPathId = Id<struct LearningPathTag>;
using CollectionId = Id<struct CollectionTag>;

/// How an agency gets access to a provider's content. Persisted and sent by name
/// (LicenseTypeName): do not rename.
enum class LicenseType {
  kFree,      ///< "free": open content, no licence needed.
  kSeat,      ///< "seat": per-learner seats the agency assigns and reclaims.
  kSite,      ///< "site": an agency-wide licence with no per-learner seats.
  kPurchase,  ///< "purchase": paid per enrolment.
};
inline constexpr LicenseType kAllLicenseTypes[] = {LicenseType::kFree, LicenseType::kSeat,
                                                   LicenseType::kSite, LicenseType::kPurchase};
std::string_view LicenseTypeName(LicenseType type);
std::optional<LicenseType> ParseLicenseType(std::string_view name);

/// Persisted and sent by name (CourseLevelName): do not rename.
enum class CourseLevel { kIntroductory, kIntermediate, kAdvanced };
inline constexpr CourseLevel kAllCourseLevels[] = {
    CourseLevel::kIntroductory, CourseLevel::kIntermediate, CourseLevel::kAdvanced};
std::string_view CourseLevelName(CourseLevel level);
std::optional<CourseLevel> ParseCourseLevel(std::string_view name);

/// The population or theme a collection serves. Persisted and sent by name
/// (CollectionThemeName): do not rename.
enum class CollectionTheme {
  kJobReadiness,               ///< "job_readiness"
  kDisplacedWorkerRetraining,  ///< "displaced_worker_retraining"
  kDigitalLiteracy,            ///< "digital_literacy"
  kEntrepreneurship,           ///< "entrepreneurship"
  kJobSearchAndSelfCare,       ///< "job_search_and_self_care"
  kOther,                      ///< "other"
};
inline constexpr CollectionTheme kAllCollectionThemes[] = {
    CollectionTheme::kJobReadiness,         CollectionTheme::kDisplacedWorkerRetraining,
    CollectionTheme::kDigitalLiteracy,      CollectionTheme::kEntrepreneurship,
    CollectionTheme::kJobSearchAndSelfCare, CollectionTheme::kOther};
std::string_view CollectionThemeName(CollectionTheme theme);
std::optional<CollectionTheme> ParseCollectionTheme(std::string_view name);

/// A learning provider (LinkedIn Learning, Coursera, edX, …) as one agency works with it.
struct Provider {
  TenantId tenant_id;
  ProviderId id;
  std::string slug;  ///< Short handle, unique in the agency ("coursera"); used by the CSV import.
  std::string name;
  std::string website;                     ///< http(s) URL, or empty.
  std::vector<LicenseType> license_types;  ///< At least one, no repeats.
  Timestamp created_at;
  Timestamp updated_at;
};

/// An O*NET content-model element (skill, knowledge, …) a course teaches, and the level on the
/// O*NET level scale (0–7) a learner reaches.
struct CourseSkill {
  std::string element_id;  ///< "2.A.1.a"
  double target_level = 0;

  friend bool operator==(const CourseSkill&, const CourseSkill&) = default;
};

inline constexpr double kMaxCourseHours = 2000;
inline constexpr double kMaxSkillLevel = 7;
inline constexpr std::size_t kMaxCourseSkills = 50;

struct Course {
  TenantId tenant_id;
  CourseId id;
  ProviderId provider_id;
  std::string external_id;  ///< The provider's own id; unique per provider in the agency.
  std::string url;          ///< http(s) URL of the course page.
  std::string title;
  std::string description;
  std::string language;        ///< BCP 47 tag: "en", "es", "en-US".
  double estimated_hours = 0;  ///< The provider's estimate; > 0 and ≤ kMaxCourseHours.
  CourseLevel level = CourseLevel::kIntroductory;
  bool is_free = false;             ///< Free, or needs a licence.
  bool offers_certificate = false;  ///< The provider issues a certificate on completion.
  std::vector<CourseSkill> skills;  ///< In the curator's order; element ids do not repeat.
  Timestamp created_at;
  Timestamp updated_at;
};

inline constexpr std::size_t kMaxPathCourses = 100;
inline constexpr std::size_t kMaxPathOccupations = 50;

/// An ordered sequence of courses that prepares for one or more occupations.
struct LearningPath {
  TenantId tenant_id;
  LearningPathId id;
  std::string name;  ///< Unique in the agency.
  std::string description;
  bool is_introductory = false;
  std::vector<CourseId> course_ids;           ///< In learning order; no repeats.
  std::vector<std::string> occupation_codes;  ///< O*NET-SOC codes; no repeats.
  Timestamp created_at;
  Timestamp updated_at;
};

inline constexpr std::size_t kMaxCollectionPaths = 100;

/// Learning paths curated for a population (e.g. displaced-worker retraining).
struct Collection {
  TenantId tenant_id;
  CollectionId id;
  std::string name;  ///< Unique in the agency.
  std::string description;
  CollectionTheme theme = CollectionTheme::kOther;
  std::vector<LearningPathId> path_ids;  ///< In display order; no repeats.
  Timestamp created_at;
  Timestamp updated_at;
};

// Validation. Each returns OK or kInvalidArgument whose field names the offending input with the
// JSON/CSV names of the API ("estimated_hours", "skills[2].element_id", "course_ids[0]").
// They check shape only; that referenced records exist is the use cases' job.

/// kInvalidArgument (slug, name, website, license_types[i]).
Status ValidateProvider(const Provider& provider);
/// kInvalidArgument (external_id, url, title, description, language, estimated_hours,
/// skills, skills[i].element_id, skills[i].target_level).
Status ValidateCourse(const Course& course);
/// kInvalidArgument (name, description, course_ids, course_ids[i], occupation_codes,
/// occupation_codes[i]).
Status ValidateLearningPath(const LearningPath& path);
/// kInvalidArgument (name, description, path_ids, path_ids[i]).
Status ValidateCollection(const Collection& collection);

/// kInvalidArgument (`field`) unless `id` looks like an O*NET content-model element id
/// ("2.A.1.a", "2.C.3.a"): a number, then one or more dot-separated alphanumeric parts.
Status ValidateElementId(std::string_view id, std::string_view field);
/// kInvalidArgument (`field`) unless `url` is an absolute http(s) URL of at most 2000 bytes
/// without spaces or control characters.
Status ValidateWebUrl(std::string_view url, std::string_view field);

/// Parses the skills notation of the CSV and the forms: "2.A.1.a:4.5;2.C.3.a:3" (';', ',' or
/// newlines between entries; spaces ignored). kInvalidArgument naming "skills[i]" (or
/// "skills[i].target_level") for an entry without ':' or with a level that is not a number.
StatusOr<std::vector<CourseSkill>> ParseSkillList(std::string_view text);
/// The inverse of ParseSkillList: "2.A.1.a:4.5;2.C.3.a:3".
std::string FormatSkillList(std::span<const CourseSkill> skills);
/// Formats a number without trailing zeros: 4.5 → "4.5", 3 → "3", 12.25 → "12.25".
std::string FormatNumber(double value);

/// The sum of the courses' estimated hours.
double TotalHours(std::span<const Course> courses);

}  // namespace reskill::domain::catalog
