// Transition recommendations over a built similarity Model (docs/pathways.md): a person's (or an
// occupation's) starting point, the asymmetric viability of a move, the career transition graph
// (top-k desirable moves per occupation) and a bounded best-first route search through gateway
// occupations. A Recommender is immutable after Create and thread-safe to read.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "domain/pathways/model.hpp"

namespace reskill::domain::pathways {

/// What recommendations optimise. Sent and accepted by name (ModeName): do not rename.
enum class Mode {
  kCareer,   ///< "career": desirable moves (viable, better paid, in demand); no target pays less.
  kRelated,  ///< "related": the most closely related occupations by viability alone.
};
std::string_view ModeName(Mode mode);
std::optional<Mode> ParseMode(std::string_view name);

/// An occupation a person holds or held.
struct Experience {
  std::string code;      ///< O*NET-SOC code.
  bool current = false;  ///< The job now (or last) held; the first current one is the origin.
  double years = 0;      ///< Time in it; 0 when unknown.
};

/// A skill level a person has shown outside their jobs: a completed course (its target level),
/// a credential, or their own assessment.
struct ShownSkill {
  std::string element_id;  ///< O*NET content-model element id ("2.C.3.a").
  double level = 0;        ///< O*NET level scale, 0–7.
  std::string source;      ///< "course:<id>", "credential:<name>", "self".
};

/// A person's skill profile: where recommendations for a person start.
struct PersonProfile {
  std::vector<Experience> occupations;
  std::vector<ShownSkill> skills;
  /// Highest education reached on O*NET's RL categories (1 less than high school, 2 high school,
  /// 3 post-secondary certificate, 4 some college, 5 associate's, 6 bachelor's, … 12); 0 unknown.
  int education_category = 0;
  /// Weight of a self-assessed level (0–1): a self-assessment counts for this share of its level.
  double self_assessment_trust = 0.8;
};

/// A resolved starting point: the occupations (model indices) with their weight, the person's
/// level per model element, and what bounds a move (job zone, education, wage).
struct Origin {
  std::vector<std::pair<std::size_t, double>> occupations;  ///< (node, weight); first: current.
  std::vector<float> levels;
  int job_zone = 0;
  double education = 0;
  std::optional<double> wage;
};

/// The origin of an occupation's worker (levels = the occupation's levels).
Origin OriginOf(const Model& model, std::size_t node);
/// The origin of a person. kInvalidArgument (field "occupations[i].code") for an occupation the
/// model does not know, ("occupations") when there is none, ("skills[i].element_id") for an
/// unknown element or ("skills[i].level") for a level outside 0–7.
StatusOr<Origin> OriginOf(const Model& model, const PersonProfile& person);

/// Weights of the career ranking (docs/pathways.md): score = route viability × desirability,
/// desirability = base + wage·w + growth·g + openings·o − effort·e (clamped at 0), so a move
/// counts in proportion to how reachable it is (an expected value).
struct RankingWeights {
  double base = 0.40;      ///< Desirability of any better-paid move.
  double wage = 0.30;      ///< × log2 of the wage ratio, capped at 1 (a doubling).
  double growth = 0.15;    ///< × percentile of projected growth among modelled occupations.
  double openings = 0.15;  ///< × percentile of annual openings.
  double effort = 0.10;    ///< × hours / (hours + reference_hours), subtracted.
  double reference_hours = 200;
  double step_discount = 0.9;   ///< Route viability × this per step after the first.
  double min_viability = 0.10;  ///< Moves below this are not viable.
  int fanout = 20;              ///< Out-edges per occupation in the career graph.
};

struct RecommendOptions {
  Mode mode = Mode::kCareer;
  int top = 10;
  int max_steps = 3;  ///< 1…3
};

/// One move of a route.
struct RouteStep {
  std::size_t node = 0;
  double viability = 0;
  int zone_step = 0;  ///< Job zone of this step's target minus the previous one.
};

/// One recommended target.
struct Recommendation {
  std::size_t target = 0;
  double score = 0;
  double viability = 0;          ///< Of the whole route.
  double similarity = 0;         ///< Of the origin's occupation(s) to the target.
  std::vector<RouteStep> route;  ///< From the first move to the target (origin excluded).
  int zone_step = 0;             ///< Target job zone minus the origin's.
  /// True when the target is more than TransitionWeights::max_zone_step job zones above the
  /// origin in one step (only in related mode; career routes climb at most one zone a step).
  bool needs_zone_jump = false;
  std::optional<double> wage_ratio;  ///< Target median wage / origin's.
  double estimated_hours = 0;        ///< Training hours to close the gaps (estimate).
};

class Recommender {
 public:
  /// Builds the career transition graph over `model` (all-pairs similarity with `threads`
  /// threads). `model` must outlive the recommender.
  static Recommender Create(const Model& model, const RankingWeights& ranking = {},
                            int threads = 1);

  const Model& model() const { return *model_; }
  const RankingWeights& ranking() const { return ranking_; }
  /// Similarity of two modelled occupations (from the precomputed matrix).
  float Similarity(std::size_t i, std::size_t j) const { return sim_[i * n_ + j]; }
  /// The viability of a move from occupation a to b (asymmetric), in [0, 1]: similarity ×
  /// coverage of b's requirements × job-zone and education factors.
  double Viability(std::size_t a, std::size_t b) const;
  /// Best targets for `origin`, best first. kInvalidArgument (field "top": outside 1…100;
  /// "max_steps": outside 1…3).
  StatusOr<std::vector<Recommendation>> Recommend(const Origin& origin,
                                                  const RecommendOptions& options) const;
  /// Every occupation reachable in career mode (targets and the gateways on their routes).
  std::vector<std::size_t> Reachable(const Origin& origin, int max_steps = 3) const;
  /// Out-edges of the career graph from `node` (desirable, viable moves), best first.
  const std::vector<RouteStep>& Edges(std::size_t node) const { return graph_[node]; }

 private:
  struct Direct {
    double viability = 0;
    double similarity = 0;
    int zone_step = 0;
  };
  Recommender() = default;
  // Viability of a move from a starting point (levels, zone, education) with similarity `sim`.
  double ViabilityFrom(std::span<const float> levels, int zone, double education, double sim,
                       std::size_t target) const;
  std::vector<Direct> DirectMoves(const Origin& origin) const;
  double EstimatedHours(std::span<const float> levels, std::size_t target) const;

  const Model* model_ = nullptr;
  RankingWeights ranking_;
  std::size_t n_ = 0;
  std::vector<float> sim_;
  std::vector<std::vector<RouteStep>> graph_;
  std::vector<double> growth_pct_, openings_pct_;
};

}  // namespace reskill::domain::pathways
