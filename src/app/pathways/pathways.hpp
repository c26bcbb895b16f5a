// Use cases of career pathways (docs/pathways.md): recommend reachable occupations for an
// occupation or a person's skill profile, and the skill gaps and training plan for one target.
// The similarity model is built from the stored O*NET and BLS data once per data version and
// shared (PathwayEngineCache, thread-safe); use cases are stateless beyond their references.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "domain/catalog/courses.hpp"
#include "domain/pathways/model.hpp"
#include "domain/pathways/plan.hpp"
#include "domain/pathways/recommend.hpp"

namespace reskill::app {

/// The model and recommender for one version of the reference data. Neither copyable nor
/// movable (the recommender refers to the model); shared read-only between threads.
class PathwayEngine {
 public:
  PathwayEngine(domain::pathways::Model model, std::string data_version, int threads = 1);
  PathwayEngine(const PathwayEngine&) = delete;
  PathwayEngine& operator=(const PathwayEngine&) = delete;

  const domain::pathways::Model& model() const { return model_; }
  const domain::pathways::Recommender& recommender() const { return recommender_; }
  /// Which stored data the engine was built from (O*NET fingerprint, wage and projection sets).
  const std::string& data_version() const { return data_version_; }

 private:
  domain::pathways::Model model_;
  domain::pathways::Recommender recommender_;
  std::string data_version_;
};

class PathwayEngineCache;

/// Reads everything the model is built from in one read transaction: O*NET content and the
/// newest national OEWS wages and newest projections, resolved to O*NET occupations.
StatusOr<domain::pathways::ModelInputs> LoadPathwayInputs(UnitOfWork& uow);
/// The version of the stored data the model depends on (cheap to read).
StatusOr<std::string> PathwayDataVersion(UnitOfWork& uow);
/// Loads the inputs and builds an engine. kFailedPrecondition before an O*NET import;
/// kUnavailable.
StatusOr<std::shared_ptr<const PathwayEngine>> BuildPathwayEngine(Database& db, int threads = 1);

/// The engine for the stored data: from `engines` when given, else built for this call.
StatusOr<std::shared_ptr<const PathwayEngine>> CurrentPathwayEngine(const AppContext& ctx,
                                                                    PathwayEngineCache* engines);

/// Holds the engine for the current data and rebuilds it when the data changes (an import).
/// Thread-safe; Get may block while a rebuild runs.
class PathwayEngineCache {
 public:
  explicit PathwayEngineCache(int threads = 1) : threads_(threads) {}
  /// The engine for the stored data. kFailedPrecondition before an O*NET import; kUnavailable.
  /// shared_ptr: a caller keeps its engine alive while an import swaps in a new one.
  StatusOr<std::shared_ptr<const PathwayEngine>> Get(Database& db);

 private:
  int threads_;
  std::mutex mu_;
  std::shared_ptr<const PathwayEngine> engine_;  // guarded by mu_
};

/// A person's profile as clients of the API give it: jobs, completed catalogue courses,
/// credentials and an optional self-assessment.
struct PersonProfileInput {
  std::vector<domain::pathways::Experience> occupations;
  std::vector<domain::catalog::CourseId> completed_courses;  ///< Catalogue courses (the tenant's).
  struct Credential {
    std::string name;
    int education_category = 0;  ///< O*NET RL category the credential reaches (0: none).
    std::vector<domain::catalog::CourseSkill> skills;  ///< Elements it certifies, with levels.
  };
  std::vector<Credential> credentials;
  std::vector<domain::catalog::CourseSkill> self_assessment;
  int education_category = 0;  ///< Highest education reached (RL category); 0 unknown.
};

/// What to recommend from: an occupation code or a person's profile (exactly one).
struct PathwayQuery {
  std::string from;  ///< O*NET-SOC code; empty when `profile` is set.
  std::optional<PersonProfileInput> profile;
  domain::pathways::Mode mode = domain::pathways::Mode::kCareer;
  int top = 10;
  int max_steps = 3;
  /// The agency whose catalogue prices the effort (training hours) of each target and resolves
  /// completed courses; invalid: estimates only.
  TenantId tenant;
};

/// An element both jobs need that the person already has.
struct SharedElement {
  std::string element_id;
  std::string name;
  domain::catalog::ElementKind kind = domain::catalog::ElementKind::kSkill;
  double have = 0;
  double need = 0;
  double importance = 0;
};

struct OccupationBrief {
  std::string code;
  std::string title;
  int job_zone = 0;
  domain::pathways::LabourFigures labour;
};

struct PathwayRouteStep {
  OccupationBrief occupation;
  double viability = 0;
  int zone_step = 0;
};

/// Why a target is recommended.
struct PathwayExplanation {
  std::vector<SharedElement> shared;                ///< The strongest shared elements (≤ 5).
  std::vector<domain::pathways::SkillGap> missing;  ///< The largest gaps (≤ 5).
  std::vector<std::pair<std::string, float>> similarity_by_content;  ///< Block contributions.
  std::string summary;                                               ///< One English sentence.
};

struct PathwayTarget {
  OccupationBrief occupation;
  double score = 0;
  double viability = 0;
  double similarity = 0;
  std::vector<PathwayRouteStep> route;  ///< Origin excluded; the last step is the target.
  int zone_step = 0;
  bool needs_zone_jump = false;
  std::optional<double> wage_ratio;
  double estimated_hours = 0;
  /// With a catalogue: total hours of the training plan and the gaps it leaves open.
  std::optional<double> plan_hours;
  int gaps = 0;
  int uncovered_gaps = 0;
  PathwayExplanation explanation;
};

struct PathwayResult {
  OccupationBrief from;
  bool from_profile = false;
  domain::pathways::Mode mode = domain::pathways::Mode::kCareer;
  std::vector<PathwayTarget> targets;
  std::string onet_release;
};

/// Ranks reachable targets (docs/pathways.md). kInvalidArgument (field "from": malformed or
/// not a rated occupation; "profile…": see domain::pathways::OriginOf; "completed_courses[i]":
/// unknown course; "top"; "max_steps"); kFailedPrecondition before an O*NET import; kUnavailable.
class RecommendPathways {
 public:
  /// `engines` (may be null: the model is then built per call) must outlive the use case.
  explicit RecommendPathways(const AppContext& ctx, PathwayEngineCache* engines = nullptr)
      : ctx_(ctx), engines_(engines) {}
  StatusOr<PathwayResult> Run(const PathwayQuery& query) const;

 private:
  const AppContext& ctx_;
  PathwayEngineCache* engines_;
};

/// Gaps and training plan toward one target.
struct PlanQuery {
  PathwayQuery from;  ///< `from` or `profile`, and the tenant whose catalogue to use.
  std::string to;     ///< Target O*NET-SOC code.
  std::vector<domain::catalog::ProviderId> providers;       ///< Empty: any provider.
  std::vector<domain::catalog::LicenseType> license_types;  ///< Empty: any licence type.
};

struct PlannedCourse {
  domain::catalog::Course course;
  std::string provider_name;
  std::vector<std::string> closes;  ///< Element ids of the gaps it closes.
};

struct PathwayPlan {
  OccupationBrief from;
  OccupationBrief to;
  double similarity = 0;
  double viability = 0;
  int zone_step = 0;
  /// Each content block's contribution to the similarity, largest first.
  std::vector<std::pair<std::string, float>> similarity_by_content;
  std::vector<domain::pathways::SkillGap> gaps;  ///< Largest first.
  std::vector<PlannedCourse> courses;            ///< In learning order.
  double hours = 0;
  std::vector<domain::pathways::SkillGap> uncovered;  ///< Gaps no allowed course closes.
  bool optimal = false;
};

/// kInvalidArgument (fields as RecommendPathways, and "to"); kNotFound (field "providers[i]")
/// for a provider the agency does not have; kFailedPrecondition; kUnavailable.
class PlanPathway {
 public:
  explicit PlanPathway(const AppContext& ctx, PathwayEngineCache* engines = nullptr)
      : ctx_(ctx), engines_(engines) {}
  StatusOr<PathwayPlan> Run(const PlanQuery& query) const;

 private:
  const AppContext& ctx_;
  PathwayEngineCache* engines_;
};

}  // namespace reskill::app
