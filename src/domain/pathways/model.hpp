// The occupation similarity model of career pathways (docs/pathways.md): O*NET content turned into
// one normalised vector per occupation, combined similarity of occupation pairs, and the
// asymmetric viability of a move from one occupation (or a person's profile) to another.
// Built once per O*NET release; immutable afterwards, so a built model is thread-safe to read.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/status.hpp"
#include "domain/catalog/onet.hpp"

namespace reskill::domain::pathways {

/// The weights of the similarity model and of the viability of a move. Every default is
/// justified in docs/pathways.md; blocks missing from a release (abilities and work activities
/// are not in every release) are left out and the other weights renormalised.
struct SimilarityWeights {
  // Rated descriptors: centred, importance-weighted levels (a Pearson-like profile correlation).
  double skills = 0.22;           ///< O*NET Skills (2.A, 2.B), IM and LV scales.
  double knowledge = 0.20;        ///< O*NET Knowledge (2.C), IM and LV scales.
  double abilities = 0.08;        ///< O*NET Abilities (1.A), when the release has them.
  double work_activities = 0.08;  ///< Generalized work activities (4.A) ratings, when present.
  // Sets, weighted by inverse document frequency (a rare shared item says more).
  double detailed_activities = 0.14;      ///< DWAs linked to the occupation's tasks.
  double intermediate_activities = 0.08;  ///< The IWAs those DWAs roll up to.
  double technology = 0.06;               ///< Technology Skills commodity classes (UNSPSC).
  double technology_examples = 0.04;      ///< Technology Skills examples ("Microsoft Excel").
  double titles = 0.06;  ///< Words of the title and alternate titles ("help desk", "technician").
  double soc_family = 0.04;  ///< Same SOC minor group / broad group (the taxonomy's own grouping).
};

/// How similarity becomes the viability of a move (asymmetric).
struct TransitionWeights {
  double zone_up_factor = 0.80;    ///< Viability × this per job zone up.
  double zone_down_factor = 0.95;  ///< Viability × this per job zone down.
  int max_zone_step = 1;           ///< A move of more job zones up is not viable in one step.
  double education_factor = 0.92;  ///< × this per category of typical education above the origin.
  /// Coverage of the target's requirements = exp(−shortfall_penalty × shortfall), shortfall ∈
  /// [0, 1] being the importance-weighted mean of (target level − own level − tolerance)/7 over
  /// the target's important elements.
  /// Viability = similarity × coverage × job-zone and education factors.
  double shortfall_penalty = 3.0;
  double important_threshold = 3.0;  ///< IM ≥ this (of 5) makes an element important (O*NET).
  double level_tolerance = 0.5;      ///< A level this close to the target's is no gap.
  double hours_per_level = 20.0;     ///< Estimated training hours per level point of a gap.
};

struct ModelWeights {
  SimilarityWeights similarity;
  TransitionWeights transition;
};

/// Labour-market figures of one occupation, resolved to it from BLS data by the caller.
struct LabourFigures {
  std::optional<double> median_annual_wage;  ///< US dollars (hourly × 2080 when only hourly).
  bool wage_top_coded = false;
  int wage_year = 0;                     ///< OEWS May of this year.
  std::string wage_source;               ///< "U.S. Bureau of Labor Statistics, OEWS, May 2024"
  std::optional<double> growth_percent;  ///< Projected change over the period.
  std::optional<std::int64_t> annual_openings;
  std::string projection_period;  ///< "2024–34"
  std::string projection_source;
  std::string entry_education;  ///< BLS typical entry education, when known.
};

/// Everything the model is built from: O*NET content and labour figures by O*NET-SOC code.
struct ModelInputs {
  std::vector<catalog::Occupation> occupations;
  std::vector<catalog::Element> elements;
  std::vector<catalog::ElementRating> ratings;
  std::vector<catalog::AlternateTitle> alternate_titles;
  std::vector<catalog::TechnologySkill> technology;
  /// (occupation code, DWA) pairs: the DWAs linked to each occupation's tasks.
  std::vector<std::pair<std::string, catalog::DetailedWorkActivity>> work_activities;
  std::vector<catalog::EducationRating> education;
  std::unordered_map<std::string, LabourFigures> labour;
  std::string release;  ///< O*NET release version, for explanations.
};

/// One rated element as the model keeps it.
struct ElementInfo {
  std::string id;
  std::string name;
  catalog::ElementKind kind = catalog::ElementKind::kSkill;
};

/// One modelled occupation (an occupation O*NET rates for skills).
struct Node {
  std::string code;
  std::string title;
  int job_zone = 0;
  double education = 0;  ///< Typical required education: median RL category (1–12), 0 unknown.
  LabourFigures labour;
  std::vector<float> importance;  ///< Per element (model order), 1–5; 0 when not rated.
  std::vector<float> level;       ///< Per element, 0–7.
  /// Elements whose importance reaches TransitionWeights::important_threshold, most important
  /// first (what a worker in this occupation must be good at).
  std::vector<std::uint32_t> important;
};

/// The occupation similarity model. Create with Build; read-only afterwards.
class Model {
 public:
  /// Builds vectors for every occupation with skill ratings. kFailedPrecondition when there is
  /// none (no O*NET release imported).
  static StatusOr<Model> Build(const ModelInputs& inputs, const ModelWeights& weights = {});

  std::size_t size() const { return nodes_.size(); }
  const Node& node(std::size_t i) const { return nodes_[i]; }
  const std::vector<Node>& nodes() const { return nodes_; }
  const std::vector<ElementInfo>& elements() const { return elements_; }
  const ModelWeights& weights() const { return weights_; }
  const std::string& release() const { return release_; }
  /// The index of `code`, or nullopt when it is not modelled.
  std::optional<std::size_t> Find(std::string_view code) const;
  /// The index of element `id`, or nullopt.
  std::optional<std::size_t> FindElement(std::string_view id) const;

  /// Combined similarity of occupations i and j, symmetric, in [−1, 1] (1 for i == j).
  float Similarity(std::size_t i, std::size_t j) const;
  /// Similarity of i to every occupation, written to `out` (size() floats).
  void SimilarityRow(std::size_t i, std::span<float> out) const;
  /// The full size() × size() similarity matrix, row-major, computed with `threads` threads.
  std::vector<float> AllPairs(int threads = 1) const;
  /// Per-block similarity of i and j (for explanations and tests), by block name.
  std::vector<std::pair<std::string, float>> BlockSimilarities(std::size_t i, std::size_t j) const;

  /// Importance-weighted mean shortfall ∈ [0, 1] of `levels` (per element, model order) against
  /// the important elements of occupation `target`.
  double Shortfall(std::span<const float> levels, std::size_t target) const;

 private:
  struct SparseEntry {
    std::uint32_t node;
    float weight;
  };
  Model() = default;

  std::vector<Node> nodes_;
  std::vector<ElementInfo> elements_;
  std::unordered_map<std::string, std::size_t> index_;
  std::unordered_map<std::string, std::size_t> element_index_;
  ModelWeights weights_;
  std::string release_;
  // Dense blocks, concatenated and pre-scaled by sqrt(weight): dense_[i * dims_ …], and the
  // same transposed (dense_t_[k * size() + i]) so a row of similarities is a vectorisable loop.
  std::size_t dims_ = 0;
  std::vector<float> dense_;
  std::vector<float> dense_t_;
  std::vector<std::pair<std::string, std::pair<std::size_t, std::size_t>>> dense_blocks_;
  // Sparse blocks as per-node feature lists and per-feature postings (scaled by sqrt(weight)).
  struct SparseBlock {
    std::string name;
    std::vector<std::vector<std::pair<std::uint32_t, float>>> by_node;  // sorted by feature
    std::vector<std::vector<SparseEntry>> postings;
  };
  std::vector<SparseBlock> sparse_;
};

}  // namespace reskill::domain::pathways
